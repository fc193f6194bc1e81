"""Ingest against real stores: idempotency, replacement of changed files, atomicity, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from graphkit.ingest import ingest
from graphkit.models import Article, ArticleGraph, Entity, Mention
from graphkit.store import Store
from graphkit.write import WriteOutcome, write_isolating_failures
from tests.conftest import SEEDS


def counts(store: Store) -> tuple[int, int]:
    nodes = store.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
    rels = store.run("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return nodes, rels


def test_seeds_twice_is_idempotent(store: Store, analyzer) -> None:
    first = ingest([SEEDS], store, analyzer)
    assert (first.new, first.unchanged, first.failed) == (5, 0, 0)
    assert first.mentions > 0
    after_first = counts(store)
    second = ingest([SEEDS], store, analyzer)
    assert (second.new, second.unchanged, second.failed) == (0, 5, 0)
    assert counts(store) == after_first
    articles = store.run("MATCH (a:Article) RETURN a.source AS source ORDER BY source")
    assert [a["source"] for a in articles] == sorted(p.name for p in SEEDS.glob("*.txt"))
    # The seeds carry share prompts, breadcrumbs, "Source link", "Leave a Reply" and HTML residue:
    # none of it reaches the stored text, so no event can cite it.
    sentences = [
        r["s"]
        for r in store.run(
            "MATCH (:Entity)-[r]->(:Entity) WHERE r.sentence IS NOT NULL RETURN r.sentence AS s"
        )
    ]
    texts = " ".join(r["t"] for r in store.run("MATCH (a:Article) RETURN a.text AS t"))
    assert sentences
    for junk in (
        "Share this article",
        "More from",
        "Source link",
        "Leave a Reply",
        "video-container",
        "Home »",
    ):
        assert junk not in texts
        assert not any(junk in s for s in sentences)


def test_changed_file_replaces_its_article(store: Store, analyzer, tmp_path: Path) -> None:
    f = tmp_path / "story.txt"
    f.write_text("Zorblatt Corp sues Quanta Ltd\n\nZorblatt Corp sued Quanta Ltd in Paris on Monday.\n")
    ingest([f], store, analyzer)
    old_id = store.run("MATCH (a:Article) RETURN a.id AS id")[0]["id"]
    f.write_text("Iran condemns the United States\n\nIran condemned the United States on Tuesday.\n")
    summary = ingest([f], store, analyzer)
    assert summary.replaced == 1
    rows = store.run("MATCH (a:Article) RETURN a.id AS id, a.text AS text")
    assert len(rows) == 1 and rows[0]["id"] != old_id and "Tuesday" in rows[0]["text"]
    # Nothing derived from the old version survives: no mention of it, no orphan entity from it.
    stale = store.run(
        "MATCH (e:Entity) WHERE e.name CONTAINS 'Zorblatt' OR e.name CONTAINS 'Quanta' RETURN count(e) AS n"
    )
    assert stale[0]["n"] == 0
    dangling = store.run("MATCH ()-[r]->() WHERE r.article_id = $id RETURN count(r) AS n", {"id": old_id})
    assert dangling[0]["n"] == 0


def _graph(i: int, published: object = None) -> ArticleGraph:
    text = f"Entity{i} met Other{i}."
    article = Article(
        id=f"art-{i}", text=text, title=text, source=f"a{i}.txt", path=f"/x/a{i}.txt", published=published
    )  # type: ignore[arg-type]
    ent = Entity(id=f"ORG:entity{i}", name=f"Entity{i}", type="ORG")
    return ArticleGraph(article, (Mention(ent, f"Entity{i}", 0, 7, 0, 1),))


def test_a_failing_article_costs_only_itself(store: Store) -> None:
    # A map-valued property is refused by both stores: the bad article's transaction must roll back
    # completely (no article node, no entity, no mention) while its batch-mates are written.
    outcomes: list[WriteOutcome] = []
    batch = [_graph(1), _graph(2, published={"bad": "map"}), _graph(3)]
    write_isolating_failures(store, batch, on_outcome=outcomes.append)
    failed = [g.article.id for o in outcomes if o.error for g in o.graphs]
    written = sorted(g.article.id for o in outcomes if not o.error for g in o.graphs)
    assert failed == ["art-2"]
    assert written == ["art-1", "art-3"]
    assert [r["id"] for r in store.run("MATCH (a:Article) RETURN a.id AS id ORDER BY id")] == [
        "art-1",
        "art-3",
    ]
    assert store.run("MATCH (e:Entity {id: 'ORG:entity2'}) RETURN count(e) AS n")[0]["n"] == 0


def test_bad_inputs_are_reported_and_the_run_goes_on(store: Store, analyzer, tmp_path: Path) -> None:
    shutil.copy(SEEDS / "000_4b1fff06db1d942b.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (tmp_path / "latin1.txt").write_bytes(
        "Caf\xe9 owner sues city\n\nThe caf\xe9 owner sued the city.\n".encode("latin-1")
    )
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"title": "One", "text": "Iran condemned Israel on Monday."}) + "\n{not json\n"
    )
    (tmp_path / "huge.txt").write_text("word " * 5000)
    summary = ingest([tmp_path, tmp_path / "missing.txt"], store, analyzer, max_bytes=20_000)
    joined = "\n".join(summary.errors)
    assert "empty.txt" in joined and "binary.txt" in joined and "huge.txt" in joined
    assert "feed.jsonl" in joined and "line 2" in joined
    assert "missing.txt" in joined
    assert any("latin1.txt" in w for w in summary.warnings)
    assert summary.new == 3  # good.txt, latin1.txt (with replacement), the valid feed line
    assert summary.failed == 5
    sources = {r["s"] for r in store.run("MATCH (a:Article) RETURN a.source AS s")}
    assert "good.txt" in sources and "latin1.txt" in sources


def test_pronoun_mentions_cite_but_are_not_aliases(store: Store) -> None:
    from graphkit.dossier import ALIASES
    from graphkit.write import write_batch

    text = "Zorbo Quantis spoke. He left."
    article = Article(id="art-pron", text=text, title="t", source="p.txt", path="/x/p.txt")
    person = Entity(id="PERSON:zorbo quantis", name="Zorbo Quantis", type="PERSON")
    mentions = (
        Mention(person, "Zorbo Quantis", 0, 13, 0, 2),
        Mention(person, "He", 21, 23, 4, 5, rule="pronoun"),
    )
    write_batch(store, [ArticleGraph(article, mentions)])
    node = store.run("MATCH (e:Entity {id: $id}) RETURN e.aliases AS aliases", {"id": person.id})[0]
    assert node["aliases"] == ["Zorbo Quantis"]
    cited = store.run(
        "MATCH (:Entity {id: $id})-[m:MENTIONED_IN]->() RETURN m.texts AS texts, m.rules AS rules",
        {"id": person.id},
    )[0]
    assert cited["texts"] == ["Zorbo Quantis", "He"] and cited["rules"] == ["ner", "pronoun"]
    assert [r["text"] for r in store.run(ALIASES, {"id": person.id})] == ["Zorbo Quantis"]


def test_a_country_node_lists_its_inverted_iso_name_among_its_aliases(store: Store) -> None:
    from graphkit.write import write_batch

    text = "Palestinians marched."
    article = Article(id="art-iso", text=text, title="t", source="i.txt", path="/x/i.txt")
    state = Entity(id="Q219060", name="Palestine", type="GPE", iso_name="Palestine, State of")
    write_batch(store, [ArticleGraph(article, (Mention(state, "Palestinians", 0, 12, 0, 1),))])
    node = store.run("MATCH (e:Entity {id: $id}) RETURN e.aliases AS aliases", {"id": state.id})[0]
    assert node["aliases"] == ["Palestine, State of", "Palestinians"]


def test_an_event_relationship_carries_every_property_the_writer_names(store: Store) -> None:
    from graphkit.cameo import Lexicon
    from graphkit.models import Citation, Event
    from graphkit.write import EVENT_PROPERTIES, write_batch

    text = "Vostria shelled Kalmek on Tuesday, Vostrian radio said."
    article = Article(
        id="art-ev", text=text, title="t", source="e.txt", path="/x/e.txt", published="2026-11-30"
    )
    a = Entity(id="GPE:vostria", name="Vostria", type="GPE")
    b = Entity(id="GPE:kalmek", name="Kalmek", type="GPE")
    event = Event(
        key="art-ev:8",
        actor=a,
        target=b,
        action=Lexicon.load().action("195"),
        trigger="shelled",
        lemma="shell",
        citation=Citation(article.id, text, 0, len(text), 8, 15, "2026-11-30"),
        negated=True,
        modality="could",
        claimed_by="Vostrian radio",
    )
    mentions = (Mention(a, "Vostria", 0, 7, 0, 1), Mention(b, "Kalmek", 16, 22, 2, 3))
    write_batch(store, [ArticleGraph(article, mentions, (event,))])
    rows = store.run(
        "MATCH (:Entity {id: $a})-[r]->(:Entity {id: $b}) RETURN properties(r) AS p", {"a": a.id, "b": b.id}
    )
    assert len(rows) == 1
    props = rows[0]["p"]
    # Every value here is set, so every named property must come back, and nothing else.
    assert set(props) == {"key", *EVENT_PROPERTIES}
    assert (props["trigger_start"], props["trigger_end"], props["claimed_by"]) == (8, 15, "Vostrian radio")
    assert props["negated"] is True and props["modality"] == "could" and props["sentence"] == text


def test_a_large_article_s_mentions_all_land_when_split_over_rows(store: Store, monkeypatch) -> None:
    import graphkit.write as write

    monkeypatch.setattr(write, "MENTIONS_PER_ROW", 2)
    names = ["Arlo", "Brin", "Cade", "Dorn", "Esk"]
    text = " ".join(names) + " met."
    article = Article(id="art-many", text=text, title="t", source="m.txt", path="/x/m.txt")
    mentions = []
    for i, name in enumerate(names):
        start = text.index(name)
        mentions.append(
            Mention(
                Entity(id=f"PERSON:{name}", name=name, type="PERSON"),
                name,
                start,
                start + len(name),
                i,
                i + 1,
            )
        )
    write.write_batch(store, [ArticleGraph(article, tuple(mentions))])
    found = store.run(
        "MATCH (e:Entity)-[m:MENTIONED_IN]->(:Article {id: 'art-many'}) RETURN e.name AS name, m.count AS n ORDER BY name"
    )
    assert [(r["name"], r["n"]) for r in found] == [(n, 1) for n in names]


def test_the_writer_waits_for_a_full_batch_when_articles_trickle_in(store: Store, monkeypatch) -> None:
    # Analysed articles arrive a few at a time; writing whatever is queued made small transactions.
    import time

    import graphkit.ingest as ingest_module

    batches: list[int] = []
    real = ingest_module.write_isolating_failures

    def counting(store_: Store, graphs, **kw):  # type: ignore[no-untyped-def]
        batches.append(len(graphs))
        return real(store_, graphs, **kw)

    monkeypatch.setattr(ingest_module, "write_isolating_failures", counting)
    done: list[str] = []
    writer = ingest_module._Writer(store, ingest_module.IngestSummary(), False, lambda a: done.append(a.id))
    writer.start()

    def trickle():  # type: ignore[no-untyped-def]
        for i in range(10):
            time.sleep(0.02)
            yield _graph(100 + i), None

    writer.write_all(trickle())
    assert batches == [10]
    assert sorted(done) == sorted(f"art-{100 + i}" for i in range(10))
