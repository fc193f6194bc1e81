"""sources.py: files and folders -> Article, boilerplate removal, content ids, bad input."""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import re
from pathlib import Path

import pytest

import graphkit.sources as sources
from graphkit.errors import SourceError
from graphkit.sources import Loaded, clean_text, content_id, iter_files, load_file, load_paths, parse_date

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))

BODY = (
    "Turkish troops shelled positions held by Kurdish fighters near the border on Tuesday, the army said.\n\n"
    "Ankara accused the militia of firing rockets at a Turkish town, a charge the group denied."
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only_article(loaded: Loaded):
    assert loaded.errors == (), loaded.errors
    assert len(loaded.articles) == 1
    art = loaded.articles[0]
    assert art.id == content_id(art.text)  # the id can be recomputed from the stored text
    return art


def only_error(loaded: Loaded) -> str:
    assert loaded.articles == ()
    assert len(loaded.errors) == 1
    err = loaded.errors[0]
    assert isinstance(err, SourceError)
    return str(err)


# --------------------------------------------------------------------------- formats


def test_txt_headline_is_title_and_stays_in_text(tmp_path: Path) -> None:
    f = write(tmp_path / "turkey.txt", "  Turkey shells Kurdish positions  \n\n" + BODY + "\n")
    loaded = load_file(f)
    art = only_article(loaded)
    assert loaded.path == str(f.resolve())
    assert art.title == "Turkey shells Kurdish positions"
    assert art.text.startswith("Turkey shells Kurdish positions\n\nTurkish troops shelled")
    assert art.source == "turkey.txt"
    assert art.path == str(f.resolve())
    assert art.id == content_id(art.text)
    assert art.published is None and art.url is None
    # Offsets into the stored text find the sentence: the text is what the pipeline cites.
    start = art.text.index("Ankara accused")
    assert art.text[start:].startswith("Ankara accused the militia")


def test_md_strips_syntax_keeps_prose(tmp_path: Path) -> None:
    md = (
        "# Turkey shells *Kurdish* positions\n\n"
        "![A howitzer](img/howitzer.jpg)\n\n"
        "Turkish troops **shelled** positions held by [Kurdish fighters](https://example.org/ypg) "
        "near the border on _Tuesday_, the army said.\n\n"
        "## Reaction\n\n"
        "- Ankara accused the militia of firing rockets.\n"
        "- The group denied it.\n\n"
        "> We will respond, a commander said.\n\n"
        "The variable snake_case_name and 5 * 3 stay as written.\n"
    )
    art = only_article(load_file(write(tmp_path / "a.md", md)))
    assert art.title == "Turkey shells Kurdish positions"
    paras = art.text.split("\n\n")
    assert paras[0] == "Turkey shells Kurdish positions"
    assert (
        "Turkish troops shelled positions held by Kurdish fighters near the border on Tuesday, the army said."
        in paras
    )
    assert "Reaction" in paras
    assert "Ankara accused the militia of firing rockets." in paras
    assert "We will respond, a commander said." in paras
    assert "The variable snake_case_name and 5 * 3 stay as written." in paras
    for residue in ("#", "**", "](", "![", "howitzer", "example.org"):
        assert residue not in art.text


def test_md_front_matter_gives_metadata(tmp_path: Path) -> None:
    md = "---\ntitle: Turkey shells Kurdish positions\ndate: 2019-10-09\nsource: Example Wire\n---\n" + BODY
    art = only_article(load_file(write(tmp_path / "fm.md", md)))
    assert art.title == "Turkey shells Kurdish positions"
    assert art.text.startswith("Turkey shells Kurdish positions\n\nTurkish troops")
    assert art.published == "2019-10-09"
    assert art.publisher == "Example Wire"
    assert "title:" not in art.text


HTML = """<!DOCTYPE html><html><head><title>Turkey shells Kurdish positions | Example Wire</title>
<meta property="og:title" content="Turkey shells Kurdish positions">
<meta property="og:site_name" content="Example Wire">
<meta property="article:published_time" content="2019-10-09T08:30:00Z">
<link rel="canonical" href="https://wire.example.com/turkey-shells"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Turkey shells Kurdish positions</h1>
<p>Turkish troops shelled positions held by Kurdish fighters near the border on Tuesday, the army said.</p>
<p>Ankara accused the militia of firing rockets at a Turkish town, a charge the group denied on Wednesday.</p>
<p>The United Nations called on both sides to show restraint and protect civilians in the area.</p>
</article><script>var tracking = "Share this article";</script>
<footer>Copyright 2019 Example Wire. All rights reserved.</footer></body></html>"""


def test_html_uses_trafilatura_metadata(tmp_path: Path) -> None:
    art = only_article(load_file(write(tmp_path / "page.html", HTML)))
    assert art.title == "Turkey shells Kurdish positions"
    assert art.text.split("\n\n")[0] == "Turkey shells Kurdish positions"
    assert art.text.count("Turkey shells Kurdish positions") == 1
    assert "Ankara accused the militia of firing rockets" in art.text
    assert "tracking" not in art.text and "<" not in art.text
    assert "All rights reserved" not in art.text
    assert art.publisher == "Example Wire"
    assert art.published == "2019-10-09"
    assert art.url == "https://wire.example.com/turkey-shells"
    assert art.source == "page.html"


def test_title_with_site_suffix_is_not_a_second_headline(tmp_path: Path) -> None:
    record = {
        "title": "Turkey shells Kurdish positions | Example Wire",
        "text": "Turkey shells Kurdish positions\n\nTurkish troops shelled positions on Tuesday.",
    }
    art = only_article(load_file(write(tmp_path / "suffix.json", json.dumps(record))))
    assert art.title == "Turkey shells Kurdish positions"
    assert art.text == "Turkey shells Kurdish positions\n\nTurkish troops shelled positions on Tuesday."


def test_html_falls_back_to_tag_strip(tmp_path: Path) -> None:
    # A bare fragment that trafilatura gives up on: the plain tag strip still finds the words.
    fragment = (
        "Turkish troops shelled Kurdish positions on Tuesday.<br>"
        "Ankara accused the militia of firing rockets at a town.<br>Source link"
    )
    art = only_article(load_file(write(tmp_path / "frag.htm", fragment)))
    assert art.text == (
        "Turkish troops shelled Kurdish positions on Tuesday.\n\nAnkara accused the militia of firing rockets at a town."
    )
    assert art.title == "Turkish troops shelled Kurdish positions on Tuesday."


def test_json_object_with_alternative_fields(tmp_path: Path) -> None:
    record = {
        "title": "Turkey shells Kurdish positions",
        "body": BODY,
        "publishedAt": "2019-10-09T08:30:00Z",
        "publisher": "Example Wire",
        "url": "https://wire.example.com/turkey-shells",
    }
    f = write(tmp_path / "one.json", json.dumps(record))
    art = only_article(load_file(f))
    assert art.title == "Turkey shells Kurdish positions"
    assert art.text.startswith("Turkey shells Kurdish positions\n\nTurkish troops shelled")
    assert art.published == "2019-10-09"
    assert art.publisher == "Example Wire"
    assert art.url == "https://wire.example.com/turkey-shells"
    assert art.source == "one.json" and art.path == str(f.resolve())


def test_json_list_and_html_content(tmp_path: Path) -> None:
    records = [
        {"title": "First", "content": "<p>Iran condemned the strike.</p><p>Iraq protested on Friday.</p>"},
        {"text": "Russia and Ukraine agreed to talks in Minsk on Monday.", "date": "March 3, 2022"},
        {"title": "No body here"},
    ]
    f = write(tmp_path / "many.json", json.dumps(records))
    loaded = load_file(f)
    assert [a.title for a in loaded.articles] == [
        "First",
        "Russia and Ukraine agreed to talks in Minsk on Monday.",
    ]
    assert loaded.articles[0].text == "First\n\nIran condemned the strike.\n\nIraq protested on Friday."
    assert loaded.articles[1].published == "2022-03-03"
    assert loaded.articles[1].source == "many.json:2"
    assert len(loaded.errors) == 1
    assert "many.json: item 3: no text" in str(loaded.errors[0])


def test_json_newsapi_shape(tmp_path: Path) -> None:
    feed = {
        "status": "ok",
        "articles": [
            {
                "source": {"id": None, "name": "Example Wire"},
                "title": "Talks resume",
                "content": "Negotiators from both sides met in Geneva on Monday to resume talks… [+2345 chars]",
                "url": "https://wire.example.com/talks",
                "publishedAt": "2021-06-01T10:00:00Z",
            }
        ],
    }
    art = only_article(load_file(write(tmp_path / "feed.json", json.dumps(feed))))
    assert art.publisher == "Example Wire"
    assert art.source == art.path == art.url == "https://wire.example.com/talks"
    assert art.published == "2021-06-01"
    assert art.text == "Talks resume\n\nNegotiators from both sides met in Geneva on Monday to resume talks…"


def test_jsonl_lines_and_malformed_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"title": "Talks resume", "text": "Negotiators met in Geneva.", "url": "https://x.example/1"}
        ),
        json.dumps({"text": "Protesters marched on the embassy in Baghdad.", "source": "Wire"}),
        '{"title": "broken", "text": "unterminated',
        "",
        json.dumps({"title": "Only a title"}),
        json.dumps(["not", "an", "object"]),
    ]
    f = write(tmp_path / "feed.jsonl", "\n".join(lines) + "\n")
    loaded = load_file(f)
    assert len(loaded.articles) == 2
    first, second = loaded.articles
    assert first.source == first.path == first.url == "https://x.example/1"
    assert second.source == "feed.jsonl:2"
    assert second.path == f"{f.resolve()}:2"
    assert second.publisher == "Wire"
    messages = [str(e) for e in loaded.errors]
    assert len(messages) == 3
    assert messages[0].startswith(f"{f.resolve()}: line 3: invalid JSON: ")
    assert messages[1] == f"{f.resolve()}: line 5: no text (expected a 'text', 'body' or 'content' field)"
    assert messages[2] == f"{f.resolve()}: line 6: expected a JSON object, got list"


def test_jsonl_line_separator_inside_a_string(tmp_path: Path) -> None:
    # U+2028 is legal unescaped in JSON; it must not split the record or shift line numbers.
    lines = ['{"text": "Talks resumed\u2028in Geneva."}', "not json"]
    f = write(tmp_path / "sep.jsonl", "\r\n".join(lines))
    loaded = load_file(f)
    assert len(loaded.articles) == 1
    assert loaded.articles[0].text == "Talks resumed\n\nin Geneva."
    assert [str(e).split(": ")[1] for e in loaded.errors] == ["line 2"]


# --------------------------------------------------------------------------- bad input


def test_empty_file(tmp_path: Path) -> None:
    f = write(tmp_path / "empty.txt", "")
    assert only_error(load_file(f)) == f"{f.resolve()}: empty file"
    g = write(tmp_path / "blank.txt", " \n\t\n")
    assert only_error(load_file(g)) == f"{g.resolve()}: empty file"


def test_empty_after_cleaning(tmp_path: Path) -> None:
    f = write(tmp_path / "junk.txt", "Advertisement\n\nShare this:\n\nLeave a Reply\n")
    assert only_error(load_file(f)) == f"{f.resolve()}: no text left after removing boilerplate"


def test_binary_with_nul_bytes(tmp_path: Path) -> None:
    f = write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    msg = only_error(load_file(f))
    assert msg.startswith(f"{f.resolve()}: binary file")
    assert "NUL" in msg


def test_binary_mostly_control_characters(tmp_path: Path) -> None:
    f = write(tmp_path / "blob.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 50 + b"some words")
    msg = only_error(load_file(f))
    assert msg.startswith(f"{f.resolve()}: binary file (")
    assert "non-text characters" in msg


def test_invalid_utf8_loads_with_warning(tmp_path: Path) -> None:
    raw = "Caf\u00e9 owners protest\n\nOwners of the caf".encode() + b"\xe9" + b" marched in Paris on Monday."
    f = write(tmp_path / "latin.txt", raw)
    loaded = load_file(f)
    art = only_article(loaded)
    assert "\ufffd" in art.text
    assert art.title == "Café owners protest"
    assert len(loaded.warnings) == 1
    assert loaded.warnings[0].startswith(f"{f.resolve()}: invalid UTF-8")
    assert "replacement" in loaded.warnings[0]


def test_text_in_another_encoding_is_named(tmp_path: Path) -> None:
    f = write(tmp_path / "cyrillic.txt", "Переговоры возобновились в Женеве".encode("cp1251"))
    msg = only_error(load_file(f))
    assert msg.startswith(f"{f.resolve()}: not UTF-8 text (")
    assert msg.endswith("convert it to UTF-8")


def test_utf16_with_bom_is_text(tmp_path: Path) -> None:
    f = write(tmp_path / "wide.txt", "Talks resume\n\nNegotiators met in Geneva.".encode("utf-16"))
    art = only_article(load_file(f))
    assert art.text == "Talks resume\n\nNegotiators met in Geneva."


def test_malformed_json(tmp_path: Path) -> None:
    f = write(tmp_path / "bad.json", '{"title": "x", "text": }')
    msg = only_error(load_file(f))
    assert msg.startswith(f"{f.resolve()}: invalid JSON: Expecting value at line 1 column")


def test_json_object_without_text(tmp_path: Path) -> None:
    f = write(tmp_path / "notext.json", json.dumps({"title": "Headline only", "url": "https://x.example/2"}))
    msg = only_error(load_file(f))
    assert msg == f"{f.resolve()}: no text (expected a 'text', 'body' or 'content' field)"


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    assert only_error(load_file(missing)) == f"{missing}: no such file or directory"
    items = list(iter_files([missing]))
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert str(items[0]) == f"{missing}: no such file or directory"
    streamed = list(load_paths([missing]))
    assert streamed[0].path == str(missing) and streamed[0].articles == ()


def test_folder_given_as_file(tmp_path: Path) -> None:
    d = tmp_path / "folder.txt"
    d.mkdir()
    assert only_error(load_file(d)) == f"{d.resolve()}: is a folder, not a file"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert only_error(load_file(fifo)) == f"{fifo.resolve()}: not a regular file"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path: Path) -> None:
    f = write(tmp_path / "secret.txt", BODY)
    f.chmod(0)
    try:
        assert only_error(load_file(f)).startswith(f"{f.resolve()}: cannot read: ")
    finally:
        f.chmod(0o644)


def test_read_failure_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too: the failure is injected where the file is opened.
    f = write(tmp_path / "locked.txt", BODY)

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    assert only_error(load_file(f)) == f"{f.resolve()}: cannot read: Permission denied"


def test_over_max_bytes_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = write(tmp_path / "big.txt", "Talks resume\n\n" + "Negotiators met in Geneva. " * 100)
    size = f.stat().st_size

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    msg = only_error(load_file(f, max_bytes=1000))
    assert msg == (
        f"{f.resolve()}: file is {size:,} bytes, over the 1,000-byte limit (raise it with --max-bytes)"
    )
    monkeypatch.undo()
    assert only_article(load_file(f, max_bytes=size)).title == "Talks resume"


def test_bad_files_do_not_stop_the_run(tmp_path: Path) -> None:
    write(tmp_path / "a_empty.txt", "")
    write(tmp_path / "b_bad.json", "{")
    write(tmp_path / "c_good.txt", "Talks resume\n\nNegotiators met in Geneva.")
    results = list(load_paths([tmp_path, tmp_path / "missing"]))
    assert [bool(r.articles) for r in results] == [False, False, True, False]
    assert [len(r.errors) for r in results] == [1, 1, 0, 1]


# --------------------------------------------------------------------------- boilerplate


@pytest.mark.parametrize(
    "line",
    [
        "Share this story: Rebels seize the airport",
        "Share this:",
        "SHARE ON FACEBOOK",
        "Facebook | Twitter | Email | Print",
        "Subscribe to our daily briefing for the latest updates",
        "Sign up for our free newsletter.",
        "Follow us on Twitter for breaking news",
        "Leave a Comment",
        "12 Comments",
        "Your email address will not be published.",
        "Required fields are marked *",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "Click here to read the full interview with the minister.",
        "Source link",
        "[ Read More ]",
        "READ MORE: Rebels seize the airport in the north",
        "Continue reading the main story",
        "More from Example Wire",
        "Advertisement",
        "ADVERTISEMENT - Scroll to continue",
        "Related: Rebels seize the airport in the north",
        "— Jane Doe (@janedoe_news) March 4, 2021",
        "pic.twitter.com/AbC123xyz",
        'story-body__inner">',
        "<div class='promo'>",
        "&nbsp;",
        "* * *",
        "© 2021 Example Wire",
        "www.example-wire.org",
        "Updated: 14:05 GMT, 4 March 2021",
    ],
)
def test_boilerplate_lines_are_dropped(line: str) -> None:
    text = f"Rebels seize the airport\n\nRebel forces seized the airport on Sunday, officials said.\n\n{line}"
    assert (
        clean_text(text)
        == "Rebels seize the airport\n\nRebel forces seized the airport on Sunday, officials said."
    )


@pytest.mark.parametrize(
    "prose",
    [
        "Iran's share of the oil market fell after the sanctions, analysts said.",
        "Share prices in Tehran fell 4 percent on Monday.",
        "The ministry said it would not comment on the report.",
        "Officials urged residents to sign up for evacuation buses before noon.",
        "Protesters demanded that the government subscribe to the ceasefire plan.",
        "More than 5,000 troops remain in the region.",
        "Related talks in Geneva broke down on Friday.",
        "By Tuesday, the rebels had seized the airport.",
        "Advertisement boards in the capital carried anti-government slogans.",
        "Source: officials told reporters the talks had collapsed.",
        "WATCH: Raw video of the missile launch",
        "Read the statement, the minister said, and you will understand.",
    ],
)
def test_prose_that_mentions_boilerplate_words_stays(prose: str) -> None:
    text = f"Rebels seize the airport\n\n{prose}\n\nThe army said it would respond."
    assert prose in clean_text(text).split("\n\n")


def test_trailer_cuts_comment_section_but_only_near_the_end() -> None:
    article = "Rebels seize the airport\n\n" + "\n\n".join(
        f"Paragraph {i} says the rebels advanced toward the capital." for i in range(6)
    )
    comments = (
        "\n\nLeave a Reply\n\nJohn says: this is outrageous and the army should respond.\n\nCancel reply"
    )
    cleaned = clean_text(article + comments)
    assert cleaned == clean_text(article)
    assert "outrageous" not in cleaned
    # Early in the file the marker only drops its own line.
    early = "Rebels seize the airport\n\nComments\n\nThe rebels advanced toward the capital on Monday."
    assert (
        clean_text(early) == "Rebels seize the airport\n\nThe rebels advanced toward the capital on Monday."
    )


def test_tweet_embed_keeps_text_drops_link_and_footer() -> None:
    text = (
        "Minister rejects claims\n\n"
        "We never fired on civilians and we never will. pic.twitter.com/q1W2e3R4t5\n\n"
        "— Foreign Minister (@FMOffice) 4 March 2021\n\n"
        "The minister made the remarks on Thursday."
    )
    assert clean_text(text) == (
        "Minister rejects claims\n\n"
        "We never fired on civilians and we never will.\n\n"
        "The minister made the remarks on Thursday."
    )


def test_breadcrumb_and_duplicate_headlines_leave_one() -> None:
    text = (
        "Home › Middle East › ‘Rebels seize airport in the north’\n\n"
        "‘Rebels seize airport in the north’\n\n"
        'article-header">\n\n'
        "Rebels seize airport in the north\n\n"
        "Rebel forces seized the airport on Sunday, officials said.\n\n"
        "Share this story: Rebels seize airport in the north"
    )
    assert clean_text(text) == (
        "Rebels seize airport in the north\n\nRebel forces seized the airport on Sunday, officials said."
    )


def test_breadcrumb_names_the_headline_when_no_copy_follows() -> None:
    text = "News | Rebels seize airport in the north\n\nRebel forces seized the airport on Sunday."
    assert (
        clean_text(text) == "Rebels seize airport in the north\n\nRebel forces seized the airport on Sunday."
    )


def test_title_with_a_pipe_is_not_a_breadcrumb() -> None:
    text = "Rebels seize airport | Analysis\n\nRebel forces seized the airport on Sunday."
    assert clean_text(text).startswith("Rebels seize airport | Analysis\n\n")


def test_whitespace_unicode_and_quotes() -> None:
    text = (
        "Cafe\u0301 owners\u00a0protest\r\n\r\n\r\n"
        "Owners  of the \u201ccaf\u00e9s\u201d   said they\u2019d  march.\u200b\t\n\n\n\n"
        'It\'s "final", they said.'
    )
    assert clean_text(text) == (
        'Café owners protest\n\nOwners of the \u201ccafés\u201d said they\u2019d march.\n\nIt\'s "final", they said.'
    )


def test_hard_wrapped_prose_is_joined_but_short_lines_are_not() -> None:
    text = (
        "Rebels seize the airport\n"
        "Rebel forces seized the main airport in the north on Sunday after\n"
        "a week of fighting, officials said, and the government vowed to\n"
        "retake it within days.\n"
        "\n"
        "Key points\n"
        "The army withdrew."
    )
    assert clean_text(text).split("\n\n") == [
        "Rebels seize the airport",
        "Rebel forces seized the main airport in the north on Sunday after a week of fighting, officials "
        "said, and the government vowed to retake it within days.",
        "Key points",
        "The army withdrew.",
    ]


def test_html_entities_and_nested_residue() -> None:
    text = "Talks resume\n\nAT&amp;T and <b>Verizon</b> joined&nbsp;the&#160;talks &amp;lt;i&amp;gt;today."
    assert clean_text(text) == "Talks resume\n\nAT&T and Verizon joined the talks today."


def test_exact_duplicate_paragraph_is_dropped() -> None:
    para = "The government said it would retake the airport within days."
    text = f"Rebels seize the airport\n\n{para}\n\nThe army withdrew.\n\n{para}"
    assert clean_text(text).split("\n\n") == ["Rebels seize the airport", para, "The army withdrew."]


# --------------------------------------------------------------------------- seeds


BOILERPLATE_IN_SEEDS = (
    "Share this article",
    "SHARE THIS ARTICLE",
    "More from Inquisitr",
    "READ MORE",
    "Source link",
    "Leave a Reply",
    "Leave a Comment",
    "Your email address",
    "Required fields",
    "Akismet",
    "video-container",
    "Home »",
    "pic.twitter.com",
    "(@realDonaldTrump)",
    "www.presstv",
    "Roku",
)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name)
def test_seeds_clean_without_losing_prose(seed: Path) -> None:
    raw = seed.read_text(encoding="utf-8")
    art = only_article(load_file(seed))
    for phrase in BOILERPLATE_IN_SEEDS:
        assert phrase not in art.text, phrase
    assert "  " not in art.text and "\n\n\n" not in art.text and "\u00a0" not in art.text
    # Every prose paragraph of the seed (a long line that ends a sentence) survives intact.
    for line in raw.splitlines():
        line = " ".join(line.replace("\u00a0", " ").split())
        boilerplate = any(phrase.casefold() in line.casefold() for phrase in BOILERPLATE_IN_SEEDS)
        if len(line.split()) >= 12 and re.search(r"[.!?…][”’\"')]*$", line) and not boilerplate:
            assert line in art.text, line[:80]
    assert art.title == art.text.split("\n\n")[0]
    assert clean_text(art.text) == art.text


def test_seed_with_breadcrumb_keeps_one_headline() -> None:
    seed = next(p for p in SEEDS if p.name.startswith("003_"))
    art = only_article(load_file(seed))
    headline = "Iraqi Officials Condemn U.S. Drone Strike Killing Iran-Backed Militia Commander"
    assert art.title == headline
    assert art.text.startswith(headline + "\n\nIn a recent turn of events")
    assert art.text.count("Drone Strike Killing") == 1


def test_seed_tweet_keeps_the_quoted_words() -> None:
    seed = next(p for p in SEEDS if p.name.startswith("004_"))
    art = only_article(load_file(seed))
    assert "Guess where they were from: IRAN. Now we hear chatter" in art.text
    assert "December 23, 2020" not in art.text


# --------------------------------------------------------------------------- folders, ids, streaming


def test_folder_recursion_sorted_and_filtered(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "B")
    write(tmp_path / "a" / "z.md", "Z")
    write(tmp_path / "a" / "deep" / "y.JSONL", "{}")
    write(tmp_path / "a" / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / "c.csv", "x,y")
    write(tmp_path / ".hidden" / "h.txt", "H")
    write(tmp_path / ".draft.txt", "D")
    write(tmp_path / "page.htm", "<p>P</p>")
    explicit = write(tmp_path / "other" / "article", "Headline\n\nBody text.")
    found = list(iter_files([tmp_path, explicit, tmp_path / "b.txt"]))
    assert all(isinstance(p, Path) and p.is_absolute() for p in found)
    rel = [p.relative_to(tmp_path.resolve()).as_posix() for p in found if isinstance(p, Path)]
    # Folder order is by name at each level; the explicit file (any suffix) comes once, b.txt too.
    assert rel == ["a/deep/y.JSONL", "a/z.md", "b.txt", "page.htm", "other/article"]


def test_explicit_unsupported_file_is_read_as_text(tmp_path: Path) -> None:
    f = write(tmp_path / "wire.text", "Talks resume\n\nNegotiators met in Geneva.")
    assert only_article(load_file(f)).title == "Talks resume"


def test_content_id_is_deterministic_and_content_based() -> None:
    text = "Talks resume\n\nNegotiators met in Geneva on Monday."
    cid = content_id(text)
    assert cid == content_id(text)
    assert re.fullmatch(r"[0-9a-f]{32}", cid)
    assert cid == hashlib.sha256(clean_text(text).encode("utf-8")).hexdigest()[:32]
    # Boilerplate and spacing do not change the id; the words do.
    assert content_id("  Talks resume\n\n\nNegotiators  met in Geneva on Monday.\n\nAdvertisement\n") == cid
    assert content_id("Talks resume\n\nNegotiators met in Geneva on Tuesday.") != cid


def test_same_article_in_two_formats_gets_the_same_id(tmp_path: Path) -> None:
    txt = only_article(load_file(write(tmp_path / "a.txt", "Turkey shells Kurdish positions\n\n" + BODY)))
    js = only_article(
        load_file(
            write(tmp_path / "a.json", json.dumps({"title": "Turkey shells Kurdish positions", "text": BODY}))
        )
    )
    assert txt.id == js.id and txt.text == js.text


def test_load_paths_streams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(3):
        write(tmp_path / f"{i}.txt", f"Headline {i}\n\nBody of article number {i}.")
    calls: list[Path] = []
    real = sources.load_file

    def counting(path: Path, *, max_bytes: int = sources.DEFAULT_MAX_BYTES) -> Loaded:
        calls.append(path)
        return real(path, max_bytes=max_bytes)

    monkeypatch.setattr(sources, "load_file", counting)
    stream = load_paths([tmp_path])
    assert inspect.isgenerator(stream)
    assert calls == []  # nothing read until asked
    first = next(stream)
    assert len(calls) == 1 and first.articles[0].title == "Headline 0"
    assert [ld.articles[0].title for ld in stream] == ["Headline 1", "Headline 2"]
    assert len(calls) == 3


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-01-08", "2020-01-08"),
        ("2020-01-08T03:00:00Z", "2020-01-08"),
        ("Wed, 08 Jan 2020 03:00:00 GMT", "2020-01-08"),
        ("January 8, 2020", "2020-01-08"),
        (1578452400, "2020-01-08"),
        (1578452400000, "2020-01-08"),
        ("January 2020", None),
        ("2020", None),
        ("last week", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: str | None) -> None:
    assert parse_date(value) == expected
