"""Clusters are named by the place most of their councils share, where one fits."""

from partnerkg.network.clusters import place_name

ORG = "https://w3id.org/partnerkg/id/org/"


def test_the_county_most_councils_share():
    # Burnley, Hyndburn and Preston are districts of Lancashire; Blackpool a unitary of its own
    members = [ORG + i for i in ("GB-LAE-BUN", "GB-LAE-HYN", "GB-LAE-PRE", "GB-LAE-BPL")]
    assert place_name(members) == "Lancashire"


def test_else_the_region_they_share():
    # three unitaries of Cheshire and Warrington: no county, one region
    members = [ORG + i for i in ("GB-LAE-CHE", "GB-LAE-CHW", "GB-LAE-WRT")]
    assert place_name(members) == "North West"


def test_no_place_for_a_single_council_or_bodies_outside_the_register():
    assert place_name([ORG + "GB-LAE-ESS", ORG + "XI-PKG-POLICE-KENT"]) is None
    assert place_name([ORG + "qzxv-group", ORG + "wxyz-trust"]) is None
