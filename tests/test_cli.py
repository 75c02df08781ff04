"""The command line: exit codes, one-line errors, nothing half-written."""


import pytest

from conftest import SOURCES, kg


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    r = kg("build", "-o", out)
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_build_prints_summary_and_conforms(built):
    _, stdout = built
    assert "witnesses: 2 (of 1 work)" in stdout
    assert "persons" in stdout and "proposals:" in stdout and "quads:" in stdout
    assert "SHACL:     conforms" in stdout
    assert "warning:" in stdout and "died on 1986-11-08" in stdout


def test_validate_conforming_dataset_exits_0(built):
    out, _ = built
    r = kg("validate", "--dataset", out / "dataset.nq")
    assert r.returncode == 0 and "conforms" in r.stdout


def test_validate_reports_violation_with_source_text_and_exits_1(built, tmp_path):
    out, _ = built
    lines = (out / "dataset.nq").read_text(encoding="utf-8").splitlines()
    # Drop every proposer: each proposal now breaks its shape.
    broken = [ln for ln in lines if "ontology#proposedBy>" not in ln]
    bad = tmp_path / "bad.nq"
    bad.write_text("\n".join(broken) + "\n", encoding="utf-8")
    r = kg("validate", "--dataset", bad)
    assert r.returncode == 1
    assert "does NOT conform" in r.stdout
    assert "from: " in r.stdout and "characters" in r.stdout


def test_export_guesses_format_from_extension(built, tmp_path):
    out, _ = built
    target = tmp_path / "kg.jsonld"
    r = kg("export", "--dataset", out / "dataset.nq", "-o", target)
    assert r.returncode == 0, r.stderr
    assert target.read_text(encoding="utf-8").lstrip().startswith("{")


@pytest.mark.parametrize("content, message", [
    (None, "Error: file not found in {path}: check the path"),
    (b"", "Error: file is empty in {path}: give a file with some text"),
    (b"caf\xe9 au lait\n", "Error: not valid UTF-8 (byte 0xe9 at byte offset 3, line 1) in {path}: "
                           "convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "Error: binary file (a NUL byte at byte offset 8, "
                                             "line 3), not plain text in {path}: give a UTF-8 "
                                             "plain-text file"),
])
def test_bad_input_gives_one_error_line_exit_2_and_no_output(tmp_path, content, message):
    path = tmp_path / "doc.txt"
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "out"
    r = kg("build", path, "-o", out)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [message.format(path=path)]
    assert not (out / "dataset.nq").exists()


def _manifest_dir(tmp_path, witness_extra="", work_extra=""):
    d = tmp_path / "src"
    d.mkdir()
    (d / "a.txt").write_text("To: Comrade A.B. Petrov\n\nWe propose that talks begin.\n", encoding="utf-8")
    (d / "manifest.toml").write_text(
        f'[work]\nid = "w"\ntitle = "T"\n{work_extra}\n'
        f'[[witness]]\nid = "a"\nfile = "a.txt"\nkind = "copy"\ntitle = "A"\nlanguage = "en"\n{witness_extra}',
        encoding="utf-8")
    return d


def test_manifest_with_unknown_field_is_refused(tmp_path):
    d = _manifest_dir(tmp_path, witness_extra='colour = "red"\n')
    r = kg("build", d, "-o", tmp_path / "out")
    assert r.returncode == 2
    assert r.stderr.strip() == (f"Error: unknown field 'colour' in {d / 'manifest.toml'} [[witness]] #1: "
                                "known fields are id, file, kind, title, language, work, publisher, "
                                "date, derived_from, byline, note, url")


def test_manifest_with_missing_field_is_refused(tmp_path):
    d = tmp_path / "src"
    d.mkdir()
    (d / "a.txt").write_text("Some text.\n", encoding="utf-8")
    (d / "manifest.toml").write_text('[work]\nid = "w"\ntitle = "T"\n[[witness]]\nid = "a"\n'
                                     'file = "a.txt"\ntitle = "A"\nlanguage = "en"\n', encoding="utf-8")
    r = kg("build", d, "-o", tmp_path / "out")
    assert r.returncode == 2
    assert r.stderr.strip() == f"Error: missing required field 'kind' in {d / 'manifest.toml'} [[witness]] #1"


def test_output_folder_whose_parent_is_missing_is_refused(tmp_path):
    r = kg("build", SOURCES, "-o", tmp_path / "no" / "such")
    assert r.returncode == 2
    assert r.stderr.strip() == (f"Error: output folder cannot be created (its parent does not exist) "
                                f"in {tmp_path / 'no' / 'such'}")
    r = kg("export", "--dataset", tmp_path / "missing.nq")
    assert r.returncode == 2
    assert r.stderr.strip() == f"Error: no built dataset in {tmp_path / 'missing.nq'}: run `kg build` first"


def test_export_to_missing_folder_leaves_nothing(built, tmp_path):
    out, _ = built
    r = kg("export", "--dataset", out / "dataset.nq", "-o", tmp_path / "nope" / "kg.ttl")
    assert r.returncode == 2
    assert r.stderr.strip() == f"Error: output folder does not exist in {tmp_path / 'nope'}"
    assert not (tmp_path / "nope").exists()


def test_unknown_format_is_a_usage_error(built):
    out, _ = built
    r = kg("export", "--dataset", out / "dataset.nq", "--format", "xml")
    assert r.returncode == 2
    assert r.stderr.strip() == "Error: unknown RDF format 'xml': use one of turtle, json-ld, nt, nquads, trig"


def test_failed_build_keeps_previous_output(built, tmp_path):
    out, _ = built
    before = (out / "dataset.nq").read_bytes()
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    r = kg("build", empty, "-o", out)
    assert r.returncode == 2
    assert (out / "dataset.nq").read_bytes() == before


def test_debug_shows_a_traceback(tmp_path):
    r = kg("--debug", "build", tmp_path / "missing.txt", "-o", tmp_path)
    assert r.returncode != 0 and "Traceback" in r.stderr


def test_python_dash_m_kg_and_help(tmp_path):
    r = kg("--help")
    assert r.returncode == 0 and "build" in r.stdout and "export" in r.stdout and "validate" in r.stdout


def test_running_out_of_memory_is_one_error_line_exit_2():
    import click
    from click.testing import CliRunner

    from kg.cli_options import guarded

    @click.command()
    @guarded
    def greedy():
        raise MemoryError

    r = CliRunner().invoke(greedy, [])
    assert r.exit_code == 2
    assert r.output == ("Error: out of memory: the input is too large for the memory available; "
                        "split large documents or build fewer at once\n")
