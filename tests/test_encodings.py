"""Encodings: UTF-8 (with or without a byte-order mark) is read; anything else is refused
in one line that names the file and the byte, never decoded by guesswork."""


import pyoxigraph as ox
import pytest

from conftest import kg, select
from kg.errors import InputError
from kg.load import load

LETTER = ("To: Mr. P. Arnaud\n\nThe Ministry of Foreign Affairs considers it advisable to invite "
          "the governments of Austria and Hungary to a conference in Geneva on 14 June 1957, "
          "said M. Dupont\u2019s \u201cnote\u201d.\n\nC.D. Fontana\n3 May 1957\n")


def test_utf8_bom_is_kept_as_u_feff_and_offsets_count_it(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + LETTER.encode("utf-8"))
    out = tmp_path / "out"
    r = kg("build", "-q", "-o", out, path)
    assert r.returncode == 0, r.stderr
    text = "\ufeff" + LETTER
    assert load([path]).sources[0].text == text
    store = ox.Store()
    store.load(path=out / "dataset.nq", format=ox.RdfFormat.N_QUADS)
    rows = select(store, """PREFIX oa: <http://www.w3.org/ns/oa#>
        SELECT ?start ?end ?exact WHERE { ?s oa:hasSelector ?p, ?q .
        ?p oa:start ?start ; oa:end ?end . ?q oa:exact ?exact }""")
    assert rows and all(text[int(r["start"]):int(r["end"])] == r["exact"] for r in rows)
    fontana = [r for r in rows if r["exact"] == "C.D. Fontana"]
    assert fontana and int(fontana[0]["start"]) == text.index("C.D. Fontana")


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe" + LETTER.encode("utf-16-le"),
     "file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8 in {path}: "
     "convert it, e.g. iconv -f UTF-16 -t UTF-8"),
    (b"\xfe\xff" + LETTER.encode("utf-16-be"),
     "file is UTF-16 (it starts with a UTF-16 byte-order mark), not UTF-8 in {path}: "
     "convert it, e.g. iconv -f UTF-16 -t UTF-8"),
    (LETTER.encode("utf-16-le"),
     "file looks like UTF-16 without a byte-order mark, not UTF-8 in {path}: "
     "convert it, e.g. iconv -f UTF-16LE -t UTF-8"),
    (LETTER.encode("cp1252"),
     "not valid UTF-8 (byte 0x92 at byte offset {offset}, line 3) in {path}: "
     "convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"),
], ids=["utf-16-le-bom", "utf-16-be-bom", "utf-16-no-bom", "windows-1252"])
def test_other_encodings_are_refused_naming_file_and_byte(tmp_path, data, message):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    out = tmp_path / "out"
    out.mkdir()
    (out / "dataset.nq").write_bytes(b"previous\n")
    r = kg("build", "-o", out, path)
    offset = LETTER.encode("cp1252").find(b"\x92")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.splitlines() == ["Error: " + message.format(path=path, offset=offset)]
    assert (out / "dataset.nq").read_bytes() == b"previous\n"
    assert [p.name for p in out.iterdir()] == ["dataset.nq"]
    with pytest.raises(InputError):
        load([path])


def test_error_about_a_file_with_a_newline_in_its_name_is_one_line(tmp_path):
    path = tmp_path / "evil\nname\u202e.txt"
    path.write_bytes(b"caf\xe9\n")
    r = kg("build", "-o", tmp_path / "out", path)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "evil\\nname\\u202e.txt" in r.stderr, r.stderr
