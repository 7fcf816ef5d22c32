import csv
import io
import json

from partnerkg.reports.partnerships import render_report, summary_report, write_report


def test_summary_report_on_fixture(long_kg):
    report = summary_report(long_kg, top=3)
    assert (report.organisations, report.bids, report.ties) == (5, 3, 6)
    assert [r["name"] for r in report.top] == ["Beta Police", "Alpha Council",
                                               "Epsilon District Council"]
    members = sorted(m for c in report.clusters for m in c["members"])
    assert members == sorted(["Alpha Council", "Beta Police", "Gamma Health Trust",
                              "Delta Voluntary Services", "Epsilon District Council"])


def test_report_formats(bundled_kg):
    report = summary_report(bundled_kg)
    data = json.loads(report.render("json"))
    assert len(data["top_partners"]) == 10 and data["clusters"]
    # 28 bids of 2015-16 are in data/tca_bids.csv (19, and 9 from the additions file, counted
    # by hand); 73 stated
    assert "28 of the 73 bids of 2015-16" in [c["covered"] for c in data["coverage"]]
    md = report.render("md")
    assert "| rank | organisation |" in md
    text, note = render_report(report, "csv")  # one table: the main one
    assert list(csv.reader(io.StringIO(text)))[0][:2] == ["rank", "organisation"]
    assert "'clusters', 'coverage'" in note
    table = report.render("table")
    assert "Most-connected partners" in table and "Coverage against stated totals" in table


def test_report_is_identical_across_runs(bundled_kg):
    from partnerkg import KnowledgeGraph

    again = KnowledgeGraph.bundled()
    assert summary_report(bundled_kg).render("json") == summary_report(again).render("json")


def test_screen_summary_lists_the_largest_clusters_and_csv_lists_them_all(tmp_path):
    from partnerkg.reports.partnerships import SHOWN_CLUSTERS, SHOWN_MEMBERS, SummaryReport

    clusters = [{"cluster": i, "name": f"c{i}", "size": 20, "sectors": {"council": 20},
                 "members": [f"m{i}-{j}" for j in range(20)], "modularity": 0.5}
                for i in range(1, SHOWN_CLUSTERS + 6)]
    report = SummaryReport(organisations=600, bids=10, ties=5, top=[], clusters=clusters)
    screen = report.render("md")
    assert "5 smaller clusters" in screen
    assert f"and {20 - SHOWN_MEMBERS} more" in screen
    assert f"m{SHOWN_CLUSTERS + 1}-0" not in screen
    full = write_report(report, tmp_path)[1].read_text(encoding="utf-8")  # clusters.csv
    assert "smaller clusters" not in full
    assert all(f"m{i}-19" in full for i in range(1, SHOWN_CLUSTERS + 6))


def test_partners_rank_by_brokerage(long_kg):
    # worked by hand from tests/data/long.csv, by the score's definition (pairs of partners of
    # different sectors that are not partners of each other, over all pairs of partners):
    # Beta Police: 4 of its 6 pairs (Alpha-Delta, Gamma-Delta, Gamma-Epsilon, Delta-Epsilon);
    # Alpha Council: 1 of 3 (Gamma-Epsilon); the rest have one partner or tied partners
    from partnerkg.reports.partnerships import partners_report

    [table] = partners_report(long_kg, by="brokerage", top=5)
    assert table.header[3] == "brokerage"
    assert [(row[0], row[1], row[3]) for row in table.rows] == [
        (1, "Beta Police", round(4 / 6, 4)), (2, "Alpha Council", round(1 / 3, 4)),
        (3, "Delta Voluntary Services", 0.0), (3, "Epsilon District Council", 0.0),
        (3, "Gamma Health Trust", 0.0)]


def test_a_narrow_table_names_the_columns_it_leaves_out_and_facts_are_words(bundled_kg):
    from partnerkg.reports.partnerships import clusters_report, render_tables

    text = render_tables(clusters_report(bundled_kg, top=2), "table")
    assert "(columns not shown in this view: internal_ties, members;" in text
    assert "True" not in text and "None" not in text


def test_counts_are_singular_for_one(tmp_path):
    from partnerkg import KnowledgeGraph

    path = tmp_path / "one.csv"
    path.write_text("bid,programme,organisation,role\nb1,F,Qzxv Group,lead\n", encoding="utf-8")
    kg = KnowledgeGraph()
    kg.load([path])
    headline = summary_report(kg).render("table").splitlines()[0]
    assert headline == "1 organisation, 1 bid, 0 co-partnership ties"


def test_an_amount_no_source_states_is_not_stated_never_zero(tmp_path):
    # Qzxv Group's only bid states no amount: its funding is unknown, not £0
    from partnerkg import KnowledgeGraph
    from partnerkg.exports.writers import write_network
    from partnerkg.network.analysis import Analysis
    from partnerkg.reports.partnerships import org_report, partners_report, render_tables

    path = tmp_path / "bids.csv"
    path.write_text("bid,programme,organisation,role,amount\nb1,F,Qzxv Group,lead,\n"
                    "b1,F,Wxyz Trust,partner,\nb2,F,Wxyz Trust,lead,£1000\n"
                    "b2,F,Vbnm Forum,partner,\n", encoding="utf-8")
    kg = KnowledgeGraph()
    kg.load([path])
    text = render_tables(org_report(kg, "Qzxv Group"), "table")
    assert "not stated" in text and "£0" not in text
    [table] = partners_report(kg, by="funding", top=3)
    # stated sums first (Wxyz Trust £1,000 over two bids, Vbnm Forum £1,000), unknown last
    assert [row[1] for row in table.rows] == ["Vbnm Forum", "Wxyz Trust", "Qzxv Group"]
    assert table.rows[2][3] is None
    nodes = write_network(Analysis.of(kg), "csv", tmp_path / "net")[0]
    with open(nodes, newline="", encoding="utf-8") as handle:
        qzxv = next(r for r in csv.DictReader(handle) if r["Label"] == "Qzxv Group")
    assert qzxv["funding"] == "" and qzxv["funding_led"] == ""


def test_each_measure_shown_is_explained_under_the_table(bundled_kg):
    from partnerkg.network.metrics import RANKABLE
    from partnerkg.reports.partnerships import clusters_report, partners_report

    [partners] = partners_report(bundled_kg, top=3)
    for measure in ("bids", "led", "betweenness", "brokerage"):
        assert partners.facts[f"{measure} means"] == RANKABLE[measure]
    assert partners.facts["betweenness"] == "exact"  # how it was computed, still said
    [clusters] = clusters_report(bundled_kg, top=3)
    assert "modularity:" in clusters.facts["meaning"] and "stability:" in clusters.facts["meaning"]
    assert clusters.rows[0][1] == "Lancashire"  # named by the county its councils share
