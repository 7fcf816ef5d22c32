"""Measures read back as columns are the measures computed."""

from partnerkg import KnowledgeGraph
from partnerkg.network.analysis import Analysis


def test_kept_columns_hold_what_the_computed_measures_hold(tmp_path, data_dir):
    with KnowledgeGraph(tmp_path / "store") as kg:
        kg.load([data_dir / "long.csv"])
        computed = Analysis.of(kg)  # computed, and kept
        again = Analysis.of(kg)  # read back as columns
        assert again._columns is not None and callable(again._measures)
        orgs, columns = again.measure_columns()
        assert orgs == sorted(computed.measures) == again.organisations()
        for i, org in enumerate(orgs):
            for key, values in columns.items():
                assert values[i] == computed.measures[org].get(key), (org, key)
        assert again.measures == computed.measures
