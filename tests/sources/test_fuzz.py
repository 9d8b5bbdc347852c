"""Fuzzing, as trusted parsers are tested: mutated real inputs of every kind go through the
pipeline's input path (the one every command uses) and give success or one clean error,
never a traceback. A fixed seed (derandomize) and a deadline keep CI repeatable and bounded."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssc_rdf import api
from ssc_rdf.errors import InputError, SscError

from ..conftest import FIXTURES, REVIEW

CORPUS = FIXTURES / "corpus"


SEEDS: dict[str, Path] = {
    "curated-yaml": REVIEW,
    "pubmed-xml": CORPUS / "pubmed_xml" / "metapub__34843274.xml",
    "medline": CORPUS / "medline_nbib" / "biopython__pubmed_result1.txt",
    "ris": CORPUS / "ris" / "rispy__example_utf_chars.ris",
}

FUZZ = settings(max_examples=40, derandomize=True, deadline=5000, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with a few byte-level edits: flips, deletions, insertions of tricky bytes, cuts."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "cut", "duplicate"]))
        if action == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        elif action == "insert":
            data[at:at] = draw(st.sampled_from([b"<", b">", b"&", b"\"", b"'", b"\n", b"\x00", b"\xff", b"{", b"}",
                                                b"[", b"]", b":", b"- ", b"&a;", b"*a", b"#", b"\\u0000", b"<!--"]))
        elif action == "cut":
            del data[at:]
        else:
            chunk = bytes(data[at:at + draw(st.integers(1, 200))])
            data[at:at] = chunk
    return bytes(data)


def _convert(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        conversion = api.convert(path, keep_going=False)
        api.write(conversion, tmp_path / "out.nt")
    except SscError as exc:  # an InputError may list several problems: one clean line each
        for message in exc.lines() if isinstance(exc, InputError) else [str(exc)]:
            assert "\n" not in message.strip() and "Traceback" not in message, message


def _seeds(kind: str, work: Path) -> list[tuple[str, bytes]]:
    """(file name, content) of the real inputs to mutate; RDF: the review in six formats."""
    if kind != "rdf":
        return [(SEEDS[kind].name, SEEDS[kind].read_bytes())]
    conversion = api.convert(REVIEW)
    paths = [Path(api.write(conversion, work / f"seed.{ext}")[0].path)
             for ext in ("ttl", "nt", "nq", "trig", "rdf", "jsonld")]
    return [(path.name, path.read_bytes()) for path in paths]


@pytest.mark.parametrize("kind", [*SEEDS, "rdf"])
def test_mutated_inputs_give_success_or_one_clean_error(tmp_path_factory, kind):
    for name, seed in _seeds(kind, tmp_path_factory.mktemp("seeds")):
        @FUZZ
        @given(data=mutated(seed))
        def run(data: bytes) -> None:
            _convert(tmp_path_factory.mktemp("fuzz"), name, data)  # noqa: B023 (run in this iteration)

        run()
