"""Safe reading of untrusted YAML/JSON, and atomic writing.

Answers files are emailed round and edited by hand, so they are read as
hostile: a size limit before parsing, text that must be UTF-8, and YAML built
from the parser's events by our own small constructor, which refuses what an
answers file never needs (anchors and aliases, tags, deep nesting, duplicate
keys) instead of trusting PyYAML's composer, which follows aliases, keeps the
last of duplicate keys and crashes on very deep nesting.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from .errors import InputError, single
from .records import Record, record

# Far larger than any answers file (a full one is about 3 KiB) or bank.
MAX_ANSWERS_BYTES = 1024 * 1024
MAX_BANK_BYTES = 4 * 1024 * 1024
# A saved result or comparison: a combined result carries every statement,
# group and divergence, but stays far below this.
MAX_RESULT_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 20

STDIN = "-"

T = TypeVar("T")


def display_name(path: str | Path) -> str:
    return "<stdin>" if str(path) == STDIN else str(path)


def read_bytes(path: str | Path, *, limit: int = MAX_ANSWERS_BYTES, what: str | None = None) -> bytes:
    """Read a whole file (or ``-`` for stdin) within ``limit`` bytes."""
    name = display_name(path)
    try:
        if str(path) == STDIN:
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with Path(path).open("rb") as fh:
                # a regular file is read at its size (not into a buffer of
                # the limit's size); a pipe or device up to the limit
                size = os.fstat(fh.fileno()).st_size
                data = fh.read(size + 1 if 0 < size <= limit else limit + 1)
                if len(data) == size + 1 and size <= limit:  # grew while read
                    data += fh.read(limit - size)
    except FileNotFoundError:
        raise single(name, "no such file") from None
    except PermissionError:
        if os.path.isdir(path):  # Windows says a folder is not permitted
            raise single(name, "is a folder, not a file") from None
        raise single(name, "permission denied") from None
    except IsADirectoryError:
        raise single(name, "is a folder, not a file") from None
    except OSError as exc:
        raise single(name, f"cannot be read ({exc.strerror or exc})") from None
    check_size(name, len(data), limit, what)
    if not data.strip():
        raise single(name, "is empty")
    return data


def digest(path: str | Path) -> str | None:
    """A file's bytes, hashed (SHA-256): two files with the same digest are
    copies.  None for standard input, or a file that cannot be read within
    a table's limit (its reader says why)."""
    import hashlib

    if str(path) == STDIN:
        return None
    try:
        return hashlib.sha256(read_bytes(path, limit=MAX_TABLE_BYTES)).hexdigest()
    except InputError:
        return None


def read_text(path: str | Path, *, limit: int = MAX_ANSWERS_BYTES) -> str:
    """Read a whole text file (or ``-`` for stdin) within ``limit`` bytes:
    UTF-8 (with or without a byte-order mark) or UTF-16 (Notepad's and
    Excel's "Unicode")."""
    name = display_name(path)
    return decode_text(read_bytes(path, limit=limit), name, binary="is a binary file, not YAML or JSON text")[0]


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode_text(
    data: bytes, name: str, *, legacy: bool = False, binary: str = "is a binary file, not text"
) -> tuple[str, str | None]:
    """Bytes as text, and a note when the reader should know how they were read.

    UTF-8 with or without a byte-order mark; UTF-16 with one (what Notepad
    and Excel call "Unicode"), or without one when every other byte is
    zero; with ``legacy``, Windows-1252 (what Excel on Windows writes as
    "CSV") when the bytes are not UTF-8, said in the note.  NUL bytes
    otherwise mean a binary file.
    """
    encoding = next((enc for bom, enc in _BOMS if data.startswith(bom)), None) or _utf16_without_bom(data)
    note = None
    try:
        if encoding is not None:
            text = data.decode(encoding)
        elif b"\x00" in data:
            raise single(name, binary)
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                if not legacy:
                    raise single(
                        name, f"is not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8"
                    ) from None
                text = data.decode("cp1252")
                note = f"{name}: not UTF-8, read as Windows-1252 (what Excel on Windows saves); check accented letters"
    except UnicodeDecodeError as exc:
        raise single(
            name, f"is not {encoding or 'Windows-1252'} text (bad byte at offset {exc.start}); save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise single(name, binary)
    return text, note


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for text of mostly ASCII characters saved
    as UTF-16 without a byte-order mark (every other byte zero)."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data[:64]:
        return None
    head = data[:4096]
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def check_size(name: str, size: int, limit: int, what: str | None = None) -> None:
    """Refuse ``size`` bytes over ``limit``, naming the file (and what it is far larger than)."""
    if size > limit:
        what = what or ("answers file" if limit <= MAX_ANSWERS_BYTES else "answers file, question bank or saved result")
        unit = f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit // 1024} KiB"
        raise single(name, f"is larger than {unit}, far larger than any {what}; is it the right file?")


def load_data(path: str | Path, *, limit: int = MAX_ANSWERS_BYTES) -> Any:
    """Read and parse a YAML or JSON file safely (JSON is YAML, mostly)."""
    return _parse(read_text(path, limit=limit), path)


def _parse(text: str, path: str | Path) -> Any:
    return parse(text, display_name(path))


def parse(text: str, name: str) -> Any:
    """YAML or JSON text as plain data (JSON by a name ending .json)."""
    if name.endswith(".json"):
        return parse_json(text, name)
    return parse_yaml(text, name)


def load_checked(
    path: str | Path, check: Callable[[Any, str], T], *, limit: int = MAX_ANSWERS_BYTES,
    parse: Callable[[str, str], Any] | None = None,
) -> T:
    """Read and parse a file as :func:`load_data` does (or with ``parse(text,
    name)``), then ``check(data, name)`` it; each problem the check finds is
    given the line of its place in the file (as syntax errors are), so that
    it can be found."""
    text = read_text(path, limit=limit)
    data = _parse(text, path) if parse is None else parse(text, display_name(path))
    try:
        return check(data, display_name(path))
    except InputError as exc:
        raise located(exc, text) from None


def located(error: InputError, text: str) -> InputError:
    """``error`` with the line in ``text`` of each problem that has a place
    (its ``loc``) and no line yet: the line of the key, or of the nearest
    enclosing key that is in the file (a missing field: the mapping it is
    missing from)."""
    if not any(p.loc and p.line is None for p in error.problems):
        return error
    lines = key_lines(text)
    if not lines:
        return error
    problems = []
    for p in error.problems:
        if p.loc and p.line is None:
            loc = p.loc
            while loc and loc not in lines:
                loc = loc[:-1]
            if loc:
                p = dataclasses.replace(p, line=lines[loc])
        problems.append(p)
    # in the order of the file, so that they can be mended from top to bottom
    problems.sort(key=lambda p: p.line or 0)
    return InputError(error.source, problems, error.hint)


def key_lines(text: str) -> dict[tuple[str | int, ...], int]:
    """The line (from 1) of every key and list item of YAML or JSON ``text``,
    by its place (keys as text, list items by index).  Read again only when a
    file has problems: nothing is spent on files without."""
    import yaml
    from yaml import events as ev

    lines: dict[tuple[str | int, ...], int] = {}
    # frames: [is a mapping, its place, the pending key (mapping) or next index (list)]
    stack: list[list[Any]] = []
    loader = _Loader(text)
    try:
        while (event := loader.get_event()) is not None:
            kind = type(event)
            if kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                stack.pop()
                continue
            if kind not in (ev.ScalarEvent, ev.MappingStartEvent, ev.SequenceStartEvent, ev.AliasEvent):
                continue
            place: tuple[str | int, ...] = ()
            if stack:
                frame = stack[-1]
                if frame[0]:  # a mapping
                    if frame[2] is _NOKEY:  # this event is a key
                        frame[2] = event.value if kind is ev.ScalarEvent else None
                        if frame[2] is not None:
                            lines.setdefault((*frame[1], frame[2]), event.start_mark.line + 1)
                        continue
                    place, frame[2] = (*frame[1], frame[2]), _NOKEY
                else:
                    place = (*frame[1], frame[2])
                    lines.setdefault(place, event.start_mark.line + 1)
                    frame[2] += 1
            if kind is ev.MappingStartEvent:
                stack.append([True, place, _NOKEY])
            elif kind is ev.SequenceStartEvent:
                stack.append([False, place, 0])
    except yaml.YAMLError:
        pass  # what was read so far still helps
    finally:
        loader.dispose()
    return lines


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')


def parse_json(text: str, name: str) -> Any:
    depth = 0
    # cheap guard against nesting that would recurse deeply; brackets inside
    # strings are not nesting (and must not hide nesting that follows them)
    for ch in _JSON_STRING.sub('""', text):
        if ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise single(name, f"is nested more than {MAX_DEPTH} levels deep")
        elif ch in "]}":
            depth -= 1
    try:
        data = json.loads(text, object_pairs_hook=_json_pairs(name))
    except json.JSONDecodeError as exc:
        raise single(name, f"JSON syntax error: {exc.msg}", f"line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise single(name, f"is nested more than {MAX_DEPTH} levels deep") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise single(name, f"JSON error: {exc}") from None
    try:  # a \ud800 escape decodes to a lone surrogate, which is not text
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise single(name, "contains a \\u escape that is not a character (a lone surrogate)") from None
    return data


def _json_pairs(name: str):
    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in pairs:
            if k in out:
                raise single(name, f"duplicate key {k!r}")
            out[k] = v
        return out

    return hook


# --------------------------------------------------------------------------
# YAML, from events
# --------------------------------------------------------------------------

try:  # the C parser when present: several times faster
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


# Plain scalars resolved before (answers files repeat the same ids and values).
_PLAIN: dict[str, Any] = {}


def parse_yaml(text: str, name: str) -> Any:
    """Build plain Python data from YAML events, refusing what is unsafe."""
    import yaml
    from yaml import events as ev
    from yaml.constructor import SafeConstructor
    from yaml.nodes import ScalarNode

    loader = _Loader(text)
    constructors = SafeConstructor.yaml_constructors
    # A stack of containers being built: (container, pending key, start mark)
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    try:
        while True:
            event = loader.get_event()
            if event is None:
                break
            kind = type(event)
            if kind is ev.AliasEvent or getattr(event, "anchor", None):
                raise single(
                    name,
                    "uses YAML anchors or aliases (&, *), which answers files "
                    "and banks do not allow; write the values out in full",
                    _where(event.start_mark),
                )
            if kind is ev.ScalarEvent:
                tag = event.tag
                if tag is not None and tag != "!":
                    raise single(
                        name,
                        f"uses the YAML tag {tag!r}, which is not allowed; remove it",
                        _where(event.start_mark),
                    )
                if tag == "!" or not event.implicit[0]:
                    value = event.value  # quoted, literal or folded: a string
                else:
                    value = _PLAIN.get(event.value, _PLAIN)
                    if value is _PLAIN:  # a plain scalar not seen before: resolve it
                        tag = loader.resolve(ScalarNode, event.value, event.implicit)
                        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
                        construct = constructors.get(tag)
                        try:
                            # "=" and "<<" resolve to tags with no constructor: plain text
                            value = construct(loader, node) if construct else event.value
                        except (ValueError, OverflowError):
                            value = event.value
                        if value is True or value is False:
                            # Only true and false are true and false (as in
                            # YAML 1.2): yes, no, on, off, y and n stay words
                            # (a note of No, a respondent named Yes).
                            if event.value.lower() not in ("true", "false"):
                                value = event.value
                        if len(event.value) <= 64 and len(_PLAIN) < 4096:
                            # immutable values only: str, int, float, bool, None, date
                            _PLAIN[event.value] = value
                # _add(), written out for a scalar (always hashable): most
                # events of a file are one
                if not stack:
                    root = value
                    continue
                frame = stack[-1]
                container = frame[0]
                if type(container) is list:
                    container.append(value)
                elif frame[1] is not _NOKEY:
                    container[frame[1]] = value
                    frame[1] = _NOKEY
                elif value in container:
                    _add(stack, value, event, name)  # says which key is duplicated
                else:
                    frame[1] = value
            elif kind is ev.MappingStartEvent or kind is ev.SequenceStartEvent:
                if event.tag is not None and event.tag not in ("!",):
                    raise single(
                        name,
                        f"uses the YAML tag {event.tag!r}, which is not allowed; remove it",
                        _where(event.start_mark),
                    )
                if len(stack) >= MAX_DEPTH:
                    raise single(
                        name,
                        f"is nested more than {MAX_DEPTH} levels deep",
                        _where(event.start_mark),
                    )
                container: Any = {} if kind is ev.MappingStartEvent else []
                stack.append([container, _NOKEY, event.start_mark])
            elif kind is ev.MappingEndEvent or kind is ev.SequenceEndEvent:
                container = stack.pop()[0]
                if stack:
                    _add(stack, container, event, name)
                else:
                    root = container
            elif kind is ev.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise single(
                        name,
                        "holds more than one YAML document (---); put one answers file in each file",
                        _where(event.start_mark),
                    )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = str(exc.problem or exc)
        hint = next((h for words, h in _SYNTAX_HINTS if words in problem), None)
        if mark is not None and "cannot start any token" in problem and text[mark.index:mark.index + 1] == "\t":
            hint = _TAB_HINT
        raise single(name, f"YAML syntax error: {problem}", _where(mark), hint=hint) from None
    except yaml.YAMLError as exc:
        raise single(name, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    return root


_TAB_HINT = "Indent with spaces, not tabs."
# What the commonest slips in a file edited by hand look like to the parser,
# and what to do about them.
_SYNTAX_HINTS = (
    ("mapping values are not allowed",
     "Put a note or name holding ': ' in double quotes: trust.conflict-raised: \"Better: since May.\"\n"
     "(Or is this line indented more than the one above it?)"),
    ("tab character", _TAB_HINT),
    ("did not find expected key",
     "Check the indentation of this line and the one above it: keys at one level line up (in an answers "
     "file, the answers and notes are indented by two spaces, every other line not at all)."),
    ("end of stream", "A quote (\" or ') is opened and not closed."),
)


class _NoKey:
    pass


_NOKEY = _NoKey()


def _add(stack: list[list[Any]], value: Any, event: Any, name: str) -> None:
    if not stack:
        return
    frame = stack[-1]
    container = frame[0]
    if isinstance(container, list):
        container.append(value)
        return
    if frame[1] is _NOKEY:
        if isinstance(value, (dict, list)):
            raise single(name, "uses a list or mapping as a key", _where(event.start_mark))
        if value in container:
            raise single(
                name,
                f"duplicate key {value!r}: each key may appear once",
                _where(event.start_mark),
            )
        frame[1] = value
    else:
        container[frame[1]] = value
        frame[1] = _NOKEY


# --------------------------------------------------------------------------
# Tables: survey exports (.csv, .tsv, .txt) and workbooks (.xlsx)
# --------------------------------------------------------------------------

TABLE_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")
# An export of thousands of respondents is a few MiB; a workbook unpacks to
# about ten times its size.  Far beyond those, a file is refused unread.
MAX_TABLE_BYTES = 32 * 1024 * 1024
MAX_TABLE_ROWS = 100_000
MAX_TABLE_COLUMNS = 2_000
MAX_XLSX_MEMBERS = 1_000
MAX_XLSX_UNPACKED = 256 * 1024 * 1024
MAX_XLSX_RATIO = 200  # unpacked / packed, for a member over 1 MiB unpacked


@record
class Table(Record):
    """What a table file holds: each sheet's rows of text cells (a text
    export has one sheet, named ''), and notes for the reader."""

    sheets: dict[str, list[list[str]]]
    notes: list[str]


def read_table(path: str | Path) -> Table:
    """Read a survey export or workbook as rows of text, within limits."""
    name = display_name(path)
    data = read_bytes(path, limit=MAX_TABLE_BYTES, what="survey export")
    if str(path).lower().endswith(".xlsx"):
        return Table(_xlsx_rows(data, name), [])
    text, note = decode_text(data, name, legacy=True, binary="is a binary file, not a text export (.csv, .tsv, .txt)")
    return Table({"": _delimited_rows(text, name)}, [note] if note else [])


def _delimited_rows(text: str, name: str) -> list[list[str]]:
    """Rows of a CSV/TSV text, its separator (comma, semicolon or tab) found
    from the first line, or from Excel's ``sep=`` line."""
    import csv
    import io

    first, _, rest = text.partition("\n")
    sep_line = re.fullmatch(r"sep=(.)\r?", first)
    if sep_line:
        delimiter, text = sep_line.group(1), rest
    else:
        outside = re.sub(r'"[^"]*"', "", first)  # separators inside quoted headers do not count
        delimiter = max(("\t", ";", ","), key=outside.count)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) >= MAX_TABLE_ROWS:
                raise single(name, f"has more than {MAX_TABLE_ROWS:,} rows; split it")
            if len(row) > MAX_TABLE_COLUMNS:
                raise single(name, f"has more than {MAX_TABLE_COLUMNS:,} columns", f"row {len(rows) + 1}")
            rows.append(row)
    except csv.Error as exc:
        raise single(name, f"cannot be read as a table ({exc})", f"row {len(rows) + 1}") from None
    return rows


def _xlsx_rows(data: bytes, name: str) -> dict[str, list[list[str]]]:
    """Each worksheet's rows, read by openpyxl only after the archive is
    checked: its number of parts and their unpacked sizes (an archive bomb),
    and no part declaring a DTD or an entity (XML entity tricks); openpyxl
    then reads with defusedxml, which refuses entities too."""
    import io

    _check_xlsx(data, name)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure of a hostile file is the file's
        raise single(name, "cannot be read as an Excel workbook; save it again from Excel") from None
    sheets: dict[str, list[list[str]]] = {}
    try:
        for sheet in book.worksheets:
            rows: list[list[str]] = []
            for values in sheet.iter_rows(values_only=True):
                if len(rows) >= MAX_TABLE_ROWS:
                    raise single(name, f"has more than {MAX_TABLE_ROWS:,} rows; split it", f"sheet {sheet.title!r}")
                if len(values) > MAX_TABLE_COLUMNS and any(v is not None for v in values[MAX_TABLE_COLUMNS:]):
                    raise single(name, f"has more than {MAX_TABLE_COLUMNS:,} columns", f"sheet {sheet.title!r}")
                rows.append([_cell_text(v) for v in values[:MAX_TABLE_COLUMNS]])
            sheets[sheet.title] = rows
    except Exception as exc:  # noqa: BLE001
        if isinstance(exc, InputError):
            raise
        raise single(name, "cannot be read as an Excel workbook; save it again from Excel") from None
    finally:
        book.close()
    return sheets


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


_DTD = re.compile(rb"<!(doctype|entity)", re.IGNORECASE)


def _check_xlsx(data: bytes, name: str) -> None:
    import io
    import zipfile

    damaged = "is not an Excel workbook (.xlsx) that can be read: save it again from Excel as 'Excel Workbook (*.xlsx)'"
    if data[:4] == b"\xd0\xcf\x11\xe0":  # an OLE file: an old .xls, or a workbook with a password
        raise single(name, "is an old-style or password-protected Excel file: save it as 'Excel Workbook (*.xlsx)' without a password")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
        if len(members) > MAX_XLSX_MEMBERS:
            raise single(name, f"holds {len(members):,} parts, far more than any workbook (at most {MAX_XLSX_MEMBERS:,}); refused unread")
        if sum(m.file_size for m in members) > MAX_XLSX_UNPACKED:
            raise single(name, f"would unpack to more than {MAX_XLSX_UNPACKED // 2**20} MiB; refused unread")
        for m in members:
            if m.file_size > 2**20 and m.file_size > MAX_XLSX_RATIO * max(1, m.compress_size):
                raise single(name, f"holds a part ({m.filename}) that unpacks {m.file_size // max(1, m.compress_size):,} times its size: refused unread")
        for m in members:  # every part, whatever its name: a part's name need not say it is XML
            with archive.open(m) as fh:
                tail = b""
                while chunk := fh.read(65536):
                    if _DTD.search(tail + chunk):
                        raise single(name, f"declares a DTD or an XML entity ({m.filename}), which no workbook needs: refused")
                    tail = chunk[-16:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError, OSError):
        raise single(name, damaged) from None


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def write_atomic(path: str | Path, text: str | bytes, *, sync: bool = True, tag: str | None = None, private: bool = False) -> None:
    """Write a whole file so that a reader sees the old file or the new one.

    A temporary file in the same folder is written, flushed to disk and then
    renamed over the target; a process killed at any moment never leaves
    half a file under the target's name.  The new file keeps the permissions
    of the file it replaces (a 0600 file stays 0600); a new file gets what
    the umask allows, as any program's would.  A symbolic link is followed
    (the file it points to is replaced, the link stays).

    What is not a regular file is written in place, never replaced: an open
    file descriptor of this process (``/dev/stdout``, ``/dev/stderr``,
    ``/dev/fd/N``, a shell's ``>(...)``) is written through that descriptor,
    so a pipe works and a file opened for appending (``>> log``) is appended
    to, not wiped; a named pipe or a device (``/dev/null``) is opened and
    written.

    ``tag`` goes into the temporary file's name (``.NAME.TAG.XXXX.tmp``), so
    that a program writing many files can find and remove its own
    temporary files, and only its own, after an interruption
    (:func:`remove_temporary`).  ``private``: a new file is readable by
    its owner only (a draft put in a shared temporary folder).
    """
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd = open_descriptor(path)
    if fd is not None:
        _write_descriptor(fd, data)
        return
    target = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = os.stat(target)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        # a named pipe, a device: written in place, never replaced
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            _write_descriptor(fd, data)
        finally:
            os.close(fd)
        return
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    # A new file is created as any program creates one (0666 less the umask,
    # by the system); a replaced file's permissions are copied to the new one.
    fd, tmp = _temporary(folder, target.name, tag, 0o600 if st is not None or private else 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if sync:  # also survive a power cut, not only a killed process
                os.fsync(fh.fileno())
        if st is not None:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def csv_cell(value: Any) -> Any:
    """Guard spreadsheet formulas: a cell starting with = + - @ (or a tab or
    carriage return) is prefixed with ', so a spreadsheet shows it as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Any, *, bom: bool = False) -> str:
    """CSV for a spreadsheet: empty cells for None, formulas guarded, and
    with ``bom`` a UTF-8 byte-order mark, so that Excel reads it as UTF-8
    (Ynys Môn, not Ynys MÃ´n)."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else csv_cell(v) for v in row])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def _temporary(folder: Path, name: str, tag: str | None, mode: int) -> tuple[int, str]:
    """A new file ``.NAME[.TAG].RANDOM.tmp`` in ``folder``, open for writing."""
    import secrets

    prefix = f".{name}.{tag}." if tag else f".{name}."
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        path = os.path.join(folder, f"{prefix}{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            return os.open(path, flags, mode), path
        except FileExistsError:
            continue
    raise FileExistsError(17, "no unused temporary file name", str(folder))


TEMP_SUFFIX = ".tmp"


def remove_temporary(folder: str | Path, tag: str) -> int:
    """Remove the temporary files :func:`write_atomic` left in ``folder``
    under ``tag`` (a process stopped while writing); no other file is
    touched, not even another run's temporary files.  The number removed."""
    removed = 0
    try:
        entries = os.scandir(folder)
    except OSError:
        return 0
    marker = f".{tag}."
    with entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".") and name.endswith(TEMP_SUFFIX) and marker in name:
                try:
                    if entry.is_file(follow_symlinks=False):
                        os.unlink(entry.path)
                        removed += 1
                except OSError:
                    pass
    return removed


_FD_PATH = re.compile(r"/(?:proc/(?:self|(\d+))(?:/task/\d+)?|dev)/fd/(\d+)")


def open_descriptor(path: str | Path) -> int | None:
    """The file descriptor of this process that ``path`` names, if it names
    one: ``/dev/stdout`` (1), ``/dev/stderr`` (2), ``/dev/fd/N``,
    ``/proc/self/fd/N``, or a link to one of them; None otherwise."""
    p = os.path.abspath(path)
    if not p.startswith(("/dev/", "/proc/")) and not os.path.islink(p):
        return None  # an ordinary file name (one look, for each report a batch writes)
    for _ in range(40):  # links followed one at a time, as the kernel would
        head, tail = os.path.split(p)
        head = os.path.realpath(head)
        full = os.path.join(head, tail)
        m = _FD_PATH.fullmatch(full)
        if m and (m.group(1) is None or int(m.group(1)) == os.getpid()):
            fd = int(m.group(2))
            try:
                os.fstat(fd)
            except OSError:
                return None
            return fd
        if not os.path.islink(full):
            return None
        try:
            p = os.path.join(head, os.readlink(full))
        except OSError:
            return None
    return None


def _write_descriptor(fd: int, data: bytes) -> None:
    """Everything in ``data`` through ``fd``, which stays open."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream.fileno() == fd:
                stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


_UNSAFE = re.compile(r"[^a-z0-9]+")


def safe_filename(name: str, suffix: str = "", *, fallback: str = "partnership") -> str:
    """A file name derived from user text that cannot leave its folder.

    Only lower-case letters, digits and single hyphens survive; path
    separators, dots at the start, control characters and reserved names
    cannot.  Long names are cut to keep well inside file-system limits.
    """
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    stem = _UNSAFE.sub("-", ascii_name.lower()).strip("-")[:80].strip("-")
    if not stem or stem in {"con", "prn", "aux", "nul"} or re.fullmatch(r"(com|lpt)[0-9]", stem):
        stem = fallback
    return stem + suffix
