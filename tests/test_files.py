"""files.py: hostile input must raise InputError, writing must be atomic,
file names derived from user text must be safe."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partnercheck import files
from partnercheck.errors import InputError
from partnercheck.files import MAX_ANSWERS_BYTES, MAX_DEPTH, load_data, parse_json, parse_yaml, read_text, safe_filename, write_atomic


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def fails(tmp_path, name, content):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as info:
        load_data(path)
    assert info.value.source == str(path)
    return info.value


def messages(err: InputError) -> str:
    """What the problems say, without the file's name (which may hold the word looked for)."""
    return " | ".join(p.message for p in err.problems)


# --------------------------------------------------------------------------
# what is accepted
# --------------------------------------------------------------------------


def test_plain_yaml_and_json(tmp_path):
    assert load_data(write(tmp_path, "a.yaml", "a: 1\nb: [x, y]\nc: 2026-01-01\n")) == {
        "a": 1,
        "b": ["x", "y"],
        "c": __import__("datetime").date(2026, 1, 1),
    }
    assert load_data(write(tmp_path, "a.json", '{"a": [1, {"b": null}]}')) == {"a": [1, {"b": None}]}


def test_utf8_bom_accepted(tmp_path):
    assert load_data(write(tmp_path, "bom.yaml", b"\xef\xbb\xbfa: b\n")) == {"a": "b"}


def test_nesting_up_to_limit_accepted():
    depth = MAX_DEPTH
    assert parse_yaml("[" * depth + "]" * depth, "x") is not None
    assert parse_json("[" * depth + "]" * depth, "x") is not None


def test_non_specific_tag_is_a_string():
    assert parse_yaml("a: ! 12", "x") == {"a": "12"}


def test_brackets_inside_json_strings_are_not_nesting():
    text = '{"note": "' + "[" * (MAX_DEPTH + 5) + '"}'
    assert parse_json(text, "x") == {"note": "[" * (MAX_DEPTH + 5)}


# --------------------------------------------------------------------------
# hostile input
# --------------------------------------------------------------------------


def test_yaml_syntax_error_names_line(tmp_path):
    err = fails(tmp_path, "bad.yaml", "partnership: x\nanswers:\n  a: [1, 2\n  b: c\nd: : :\n")
    assert "YAML syntax error" in str(err)
    assert re.search(r"line \d+", err.problems[0].where)


def test_json_syntax_error_names_line(tmp_path):
    err = fails(tmp_path, "bad.json", '{\n"a": 1,\n"b": }\n')
    assert err.problems[0].where.startswith("line 3")


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb(tmp_path):
    err = fails(tmp_path, "bomb.yaml", BILLION_LAUGHS)
    assert "anchors" in str(err)


def test_alias_alone(tmp_path):
    fails(tmp_path, "alias.yaml", "a: &x 1\nb: *x\n")


def test_duplicate_keys_yaml(tmp_path):
    err = fails(tmp_path, "dup.yaml", "partnership: a\npartnership: b\n")
    assert "duplicate key 'partnership'" in str(err)


def test_duplicate_keys_nested_yaml(tmp_path):
    fails(tmp_path, "dup2.yaml", "answers:\n  trust.x: agree\n  trust.x: neutral\n")


def test_duplicate_keys_json(tmp_path):
    err = fails(tmp_path, "dup.json", '{"a": 1, "a": 2}')
    assert "duplicate key" in str(err)


@pytest.mark.parametrize(
    "text",
    [
        "!!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/name:os.system\n",
        "a: !!python/object/new:subprocess.Popen [['true']]\n",
        "!!python/tuple [1, 2]\n",
    ],
)
def test_python_tags_refused(tmp_path, text):
    err = fails(tmp_path, "evil.yaml", text)
    assert "tag" in messages(err)


@pytest.mark.parametrize("text", ["a: !custom 1\n", "a: !custom {b: 1}\n", "a: !!binary aGVsbG8=\n", "!foo [1]\n", "a: !!set {x}\n"])
def test_custom_tags_refused(tmp_path, text):
    fails(tmp_path, "tag.yaml", text)


@pytest.mark.parametrize(
    "text, expected",
    [("=", "="), ("a: =\n", {"a": "="}), ("<<: {a: 1}\n", {"<<": {"a": 1}}), ("a:\n  <<: 1\n", {"a": {"<<": 1}})],
)
def test_special_yaml_scalars_are_plain_text(tmp_path, text, expected):
    # "=" and "<<" resolve to YAML tags the safe constructor does not build
    # (value, merge): they must not crash the loader (they raised KeyError).
    assert load_data(write(tmp_path, "odd.yaml", text)) == expected


def test_deep_nesting_yaml_flow(tmp_path):
    err = fails(tmp_path, "deep.yaml", "[" * 10000 + "]" * 10000)
    assert f"more than {MAX_DEPTH} levels" in str(err)


def test_deep_nesting_yaml_mapping(tmp_path):
    fails(tmp_path, "deep2.yaml", "{a: " * 10000 + "1" + "}" * 10000)


def test_deep_nesting_yaml_block(tmp_path):
    text = "".join(" " * (2 * i) + "a:\n" for i in range(100)) + " " * 200 + "1\n"
    fails(tmp_path, "deep3.yaml", text)


def test_deep_nesting_json(tmp_path):
    err = fails(tmp_path, "deep.json", "[" * 10000 + "]" * 10000)
    assert f"more than {MAX_DEPTH} levels" in str(err)


def test_deep_nesting_json_objects(tmp_path):
    fails(tmp_path, "deep2.json", '{"a":' * 10000 + "1" + "}" * 10000)


def test_deep_json_hidden_behind_closing_brackets_in_a_string(tmp_path):
    n = 10000
    text = '{"a": "' + "]" * n + '", "b": ' + "[" * n + "]" * n + "}"
    fails(tmp_path, "sneaky.json", text)


def test_huge_json_integer(tmp_path):
    # more digits than Python converts to int (ValueError before the fix)
    fails(tmp_path, "big.json", '{"a": ' + "9" * 5000 + "}")


def test_huge_yaml_integer_is_kept_as_text(tmp_path):
    assert load_data(write(tmp_path, "big.yaml", "a: " + "9" * 5000 + "\n")) == {"a": "9" * 5000}


def test_file_too_large(tmp_path):
    err = fails(tmp_path, "big.yaml", "a: b\n" + "#" * (MAX_ANSWERS_BYTES + 1))
    assert "larger than" in str(err)


def test_file_at_limit_is_read(tmp_path):
    text = "a: b\n" + "#" * (MAX_ANSWERS_BYTES - 5)
    path = write(tmp_path, "limit.yaml", text)
    assert len(path.read_bytes()) == MAX_ANSWERS_BYTES
    assert load_data(path) == {"a": "b"}


def test_custom_limit(tmp_path):
    path = write(tmp_path, "small.yaml", "a: " + "b" * 100)
    with pytest.raises(InputError):
        read_text(path, limit=50)


def test_empty_file(tmp_path):
    err = fails(tmp_path, "empty.yaml", b"")
    assert "empty" in messages(err)


def test_whitespace_only(tmp_path):
    err = fails(tmp_path, "space.yaml", "  \n\t\n   \r\n")
    assert "empty" in messages(err)


def test_directory(tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(InputError) as info:
        load_data(folder)
    assert "folder" in messages(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_data(tmp_path / "missing.yaml")
    assert "no such file" in str(info.value)


def test_binary_with_nul(tmp_path):
    err = fails(tmp_path, "bin.yaml", b"a: b\x00\x01\x02\xff")
    assert "binary" in messages(err)


def test_invalid_utf8(tmp_path):
    err = fails(tmp_path, "latin1.yaml", "partnership: Café Société\n".encode("latin-1"))
    assert "UTF-8" in str(err)


def test_multiple_documents(tmp_path):
    err = fails(tmp_path, "multi.yaml", "a: 1\n---\nb: 2\n")
    assert "more than one YAML document" in str(err)


def test_control_characters_in_yaml(tmp_path):
    fails(tmp_path, "ctrl.yaml", "a: b\x07c\n")


def test_list_as_key(tmp_path):
    fails(tmp_path, "key.yaml", "? [a, b]\n: c\n")


# --------------------------------------------------------------------------
# properties: only a value or InputError
# --------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_yaml_any_text(text):
    try:
        parse_yaml(text, "x")
    except InputError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]{}:,-&*!|>'\"#?=<\n aA1.~@%`\\"))))
def test_parse_yaml_yaml_like_text(text):
    try:
        parse_yaml(text, "x")
    except InputError:
        pass


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('[]{}:,"\\ 01e.-tfn'))))
def test_parse_json_json_like_text(text):
    try:
        parse_json(text, "x")
    except InputError:
        pass


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".yaml", ".json", ".txt"]))
def test_load_data_any_bytes(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        load_data(path)
    except InputError:
        pass


# --------------------------------------------------------------------------
# write_atomic
# --------------------------------------------------------------------------


def test_write_atomic_writes_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.md"
    write_atomic(target, "hello ✓\n")
    assert target.read_text(encoding="utf-8") == "hello ✓\n"
    assert os.listdir(tmp_path) == ["out.md"]


def test_write_atomic_replaces_existing(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, b"new bytes")
    assert target.read_bytes() == b"new bytes"
    assert os.listdir(tmp_path) == ["out.json"]


def test_write_atomic_creates_folder(tmp_path):
    target = tmp_path / "a" / "b" / "out.txt"
    write_atomic(target, "x")
    assert target.read_text() == "x"


def test_write_atomic_follows_a_symlink_and_keeps_it(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(tmp_path)) == ["link.md", "real.md"]


def test_write_atomic_writes_into_a_pipe_without_replacing_it(tmp_path):
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, "through the pipe")
    reader.join(timeout=10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a pipe, not a file put in its place
    assert os.listdir(tmp_path) == ["pipe"]


def test_write_atomic_failure_keeps_old_file(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("old content", encoding="utf-8")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new content")
    assert target.read_text(encoding="utf-8") == "old content"
    assert os.listdir(tmp_path) == ["report.md"]


def test_write_atomic_failure_while_writing(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("old content", encoding="utf-8")

    def boom(fd):
        raise OSError(5, "I/O error")

    monkeypatch.setattr(files.os, "fsync", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new content")
    assert target.read_text(encoding="utf-8") == "old content"
    assert os.listdir(tmp_path) == ["report.md"]


# --------------------------------------------------------------------------
# safe_filename
# --------------------------------------------------------------------------

SAFE = re.compile(r"^[a-z0-9-]+$")

HOSTILE_NAMES = [
    "../../etc/passwd",
    "a/b\\c",
    "",
    "...",
    "CON",
    "con",
    "Aux",
    "LPT1",
    "com3",
    "nul.txt",
    "bell\x07tab\tnewline\nnul\x00esc\x1b",
    "Café Société – Northtown",
    "東京パートナーシップ",
    "😀😀",
    "x" * 500,
    "a-" * 300,
    "-" * 50,
    " ",
    "/",
    "..\\..\\windows",
    ".hidden",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("suffix", ["", ".md"])
def test_safe_filename(name, suffix):
    out = safe_filename(name, suffix)
    assert out.endswith(suffix)
    stem = out[: len(out) - len(suffix)] if suffix else out
    assert SAFE.match(stem), out
    assert stem and not stem.startswith("-") and not stem.endswith("-")
    assert "/" not in out and "\\" not in out and ".." not in out
    assert len(out) <= 100
    assert stem not in {"con", "prn", "aux", "nul", "lpt1", "com3"}


def test_safe_filename_keeps_readable_names():
    assert safe_filename("Northtown Community Safety Partnership", ".md") == "northtown-community-safety-partnership.md"
    assert safe_filename("Café Société") == "cafe-societe"
    assert safe_filename("../../etc/passwd") == "etc-passwd"


def test_safe_filename_fallback():
    assert safe_filename("", fallback="report") == "report"
    assert safe_filename("CON") == "partnership"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600))
def test_safe_filename_any_text(name):
    out = safe_filename(name, ".json")
    stem = out[: -len(".json")]
    assert SAFE.match(stem)
    assert len(out) <= 100
    assert ".." not in out and "/" not in out
