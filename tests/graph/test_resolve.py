import pytest

from partnerkg.graph.resolve import guess_sector


@pytest.mark.parametrize("name, sector", [
    ("Cheshire Fire and Rescue Authority", "fire-and-rescue"),
    ("Surrey and Borders Partnership NHS Foundation Trust", "health"),
    ("Office of the Police and Crime Commissioner for Lancashire", "police"),
    ("Durham Constabulary", "police"),
    ("Jobcentre Plus", "central-government"),
    ("Colchester Community Voluntary Services", "voluntary-and-community"),
    ("East Midlands Ambulance Service NHS Trust", "health"),
    ("Leicestershire CCGs", "health"),
    ("Mid Suffolk District Council", "council"),
    ("Suffolk Public Sector Leaders", "other"),
    ("West London Alliance", "other"),
])
def test_sector_rules(name, sector):
    assert guess_sector(name) == sector
