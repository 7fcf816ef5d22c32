import csv

import pytest
from partnerkg.resolution.register import Register
from partnerkg.resolution.resolve import Resolver, guess_sector, match_key


@pytest.fixture(scope="module")
def resolver():
    return Resolver(Register.default())


def labelled(data_dir_path):
    with open(data_dir_path / "resolution_labelled.csv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_precision_and_recall_on_the_labelled_set(resolver, data_dir):
    rows = labelled(data_dir)
    assert len(rows) >= 150
    true_pos = false_pos = false_neg = 0
    wrong = []
    for row in rows:
        result = resolver.resolve(row["source_name"])
        predicted = result.body.id if result.resolved else "new"
        expected = row["expected"]
        if predicted != "new":
            if predicted == expected:
                true_pos += 1
            else:
                false_pos += 1
        if expected != "new" and predicted != expected:
            false_neg += 1
        if predicted != expected:
            wrong.append((row["source_name"], expected, predicted, result.kind))
    precision = true_pos / (true_pos + false_pos)
    recall = true_pos / (true_pos + false_neg)
    print(f"\nresolution: {len(rows)} names, precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.98, wrong
    assert recall >= 0.95, wrong


@pytest.mark.parametrize("a, b", [
    ("Cheshire East", "Cheshire West and Chester"),
    ("North Dorset", "West Dorset"),
    ("Norfolk", "North Norfolk"),
    ("Durham County Council", "Durham Constabulary"),
    ("Essex County Council", "Essex Police"),
    ("Suffolk County Council", "Suffolk Constabulary"),
    ("Surrey County Council", "Surrey Fire and Rescue Service"),
])
def test_false_friends_stay_apart(resolver, a, b):
    first, second = resolver.resolve(a), resolver.resolve(b)
    assert first.resolved and second.resolved
    assert first.body.id != second.body.id


def test_misprint_resolves_by_fuzzy_match_with_a_runner_up(resolver):
    result = resolver.resolve("Cheshire West and Chestre Council")
    assert (result.kind, result.body.id) == ("fuzzy", "GB-LAE-CHW")
    assert 0.88 <= result.score < 1


def test_fuzzy_guard_refuses_a_different_direction(resolver):
    # one letter from "North Norfolk" but a different place
    assert resolver.resolve("North Norfok").body.id == "GB-LAE-NNO"
    result = resolver.resolve("Nrth Norfolk District Council")
    assert not result.resolved or result.body.id == "GB-LAE-NNO"
    assert resolver.resolve("Norfolk Constabulary").body.sector == "police"


def test_unmatched_and_ambiguous_are_not_merged(resolver):
    assert resolver.resolve("Healthwatch Surrey").kind == "unmatched"
    assert not resolver.resolve("Staffordshire District Council").resolved


def test_user_aliases_win(data_dir):
    custom = Resolver(Register.default(), aliases=[("Healthwatch Surrey", "XI-PKG-NHS-ENGLAND")])
    result = custom.resolve("Healthwatch Surrey")
    assert (result.kind, result.body.id) == ("user-alias", "XI-PKG-NHS-ENGLAND")


def test_match_key_folds_council_boilerplate():
    assert match_key("London Borough of Barnet") == match_key("Barnet Council") == "barnet"
    assert match_key("Bolton Metropolitan Borough Council") == match_key("Bolton MBC")
    assert match_key("South Northants Council") == "south northamptonshire"
    assert match_key("Durham Constabulary") == "durham constabulary"


# Real names from the seeds and the TCA facts table, with the sector a reader gives them;
# "other" where the name alone does not say.
SECTOR_NAMES = [
    ("Babergh District Council", "council"), ("Mid Suffolk District Council", "council"),
    ("Bath & North East Somerset Council", "council"), ("Bournemouth Borough Council", "council"),
    ("Dorset County Council", "council"), ("Borough of Poole", "council"),
    ("Cherwell District Council", "council"), ("South Northamptonshire Council", "council"),
    ("Stratford-on-Avon District Council", "council"),
    ("Cheshire West and Chester Council", "council"), ("Cheshire East Council", "council"),
    ("Warrington Borough Council", "council"), ("Halton Borough Council", "council"),
    ("Cheshire Constabulary", "police"), ("Cheshire Probation", "central-government"),
    ("Cheshire Fire and Rescue Authority", "fire-and-rescue"),
    ("Cornwall Fire and Rescue Authority", "fire-and-rescue"),
    ("East Riding of Yorkshire Council", "council"), ("High Peak Borough Council", "council"),
    ("Staffordshire Moorlands District Council", "council"),
    ("Lincolnshire Fire and Rescue Authority", "fire-and-rescue"),
    ("East Midlands Ambulance Service", "health"),
    ("Manchester City Council", "council"), ("South Lakeland District Council", "council"),
    ("Northamptonshire Fire and Rescue Authority", "fire-and-rescue"),
    ("Royal Borough of Kingston upon Thames", "council"),
    ("London Borough of Richmond upon Thames", "council"),
    ("South Holland District Council", "council"), ("Breckland Council", "council"),
    ("Suffolk Fire and Rescue Authority", "fire-and-rescue"),
    ("Suffolk Constabulary", "police"), ("South Norfolk Council", "council"),
    ("Broadland District Council", "council"), ("Norwich City Council", "council"),
    ("King's Lynn and West Norfolk Borough Council", "council"),
    ("Surrey County Council", "council"), ("East Sussex County Council", "council"),
    ("Swindon Borough Council", "council"), ("Blackburn with Darwen Borough Council", "council"),
    ("Taunton Deane Borough Council", "council"), ("West Somerset Council", "council"),
    ("West London Alliance", "other"), ("LB Barnet", "council"),
    ("Cheltenham Borough Council", "council"), ("Cotswold District Council", "council"),
    ("Forest of Dean District Council", "council"), ("East Devon District Council", "council"),
    ("Exeter City Council", "council"), ("Teignbridge District Council", "council"),
    ("Norfolk County Council", "council"),
    ("County Durham and Darlington Fire and Rescue Service", "fire-and-rescue"),
    ("Durham Constabulary", "police"), ("Durham County Council", "council"),
    ("Kirklees Council", "council"), ("Blaby District Council", "council"),
    ("Leicestershire CCGs", "health"), ("Leicestershire Partnership NHS Trust", "health"),
    ("University Hospitals of Leicester", "health"), ("Surrey Fire and Rescue Service",
                                                      "fire-and-rescue"),
    ("Surrey Police", "police"), ("six Surrey CCGs", "health"),
    ("South East Coast Ambulance Service", "health"),
    ("Surrey and Borders Partnership NHS Foundation Trust", "health"),
    ("voluntary groups", "voluntary-and-community"), ("Greater Manchester councils", "council"),
    ("Hampshire County Council", "council"), ("Essex County Council", "council"),
    ("Tendring District Council", "council"),
    ("Essex Police and Crime Commissioner", "police"),
    ("Colchester Borough Council", "council"),
    ("Colchester Community Voluntary Services", "voluntary-and-community"),
    ("Copeland Borough Council", "council"), ("Suffolk Public Sector Leaders", "other"),
    ("NHS England", "health"), ("Suffolk Police", "police"), ("Blackpool Borough Council",
                                                              "council"),
    ("Lancashire Constabulary", "police"),
    ("Office of the Police and Crime Commissioner for Lancashire", "police"),
    ("Police and Crime Commissioner for Lancashire", "police"), ("Cornwall Council", "council"),
    ("Jobcentre Plus", "central-government"), ("Bolton Metropolitan Borough Council", "council"),
    ("Stoke on Trent City Council", "council"), ("Calderdale MBC", "council"),
    ("Copeland BC", "council"), ("South Gloucestershire Council", "council"),
    ("Public Service Transformation Network", "other"), ("Troubled Families programme", "other"),
]


def test_sector_rules_on_real_names():
    assert len(SECTOR_NAMES) >= 60
    wrong = [(name, expected, guess_sector(name)) for name, expected in SECTOR_NAMES
             if guess_sector(name) != expected]
    assert wrong == []


def test_resolving_in_one_batch_equals_resolving_one_by_one(data_dir):
    with open(data_dir / "resolution_labelled.csv", encoding="utf-8") as handle:
        names = [row["source_name"] for row in csv.DictReader(handle)]
    names += ["Cheshire West and Chestre Council", "Healthwatch Cheshire", "Bristol Cty Council",
              "North Yorkshire Fire and Rescue", "Surrey Polise"]
    one_by_one, batch = Resolver(Register.default()), Resolver(Register.default())
    batch.resolve_all(names + names[:5])
    for name in names:
        assert batch.resolve(name) == one_by_one.resolve(name), name


@pytest.mark.parametrize("charity", [
    "Lake District Summer Music", "Council for At-Risk Academics", "City of London Sinfonia",
    "District Nursing Trust of Anywhere", "Kent County Playing Fields Association"])
def test_a_name_rule_never_makes_a_charity_a_council(charity):
    assert guess_sector(charity) != "council"


def test_resolution_in_steps_decides_as_one_by_one_and_counts_its_steps_down(data_dir):
    with open(data_dir / "resolution_labelled.csv", encoding="utf-8") as handle:
        names = [row["source_name"] for row in csv.DictReader(handle)]
    names += ["Bristol Cty Council", "Surrey Polise"]
    one_by_one, stepped = Resolver(Register.default()), Resolver(Register.default())
    steps = stepped.resolving(names + names[:3])
    lefts = [len(steps)]
    for _ in steps:
        lefts.append(len(steps))
    # an upper bound that never grows, and nothing left at the end
    assert lefts == sorted(lefts, reverse=True) and lefts[-1] == 0
    assert len(lefts) - 1 <= lefts[0]
    for name in names:
        assert stepped.resolve(name) == one_by_one.resolve(name), name
