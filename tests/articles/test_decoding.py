"""Bytes in: encodings, line endings, checksums and the size limit checked before reading."""

import codecs
import hashlib
import tracemalloc

import pytest

from articles.reading import ArticleError, read_article

LIMIT = 100_000
TEXT = "# Falcon and Bottle\n\nFalcon is fast.\nBottle is one file.\n"


def test_utf16_with_a_byte_order_mark_is_decoded(tmp_path):
    path = tmp_path / "utf16.md"
    path.write_bytes(codecs.BOM_UTF16_LE + TEXT.replace("\n", "\r\n").encode("utf-16-le"))
    document = read_article(path, max_bytes=LIMIT)
    assert document.metadata["title"] == "Falcon and Bottle"
    assert document.original_text == TEXT


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_byte_order_mark_is_decoded_not_called_binary(tmp_path, encoding):
    path = tmp_path / "utf32.md"
    path.write_bytes(("\ufeff" + TEXT).encode(encoding))
    document = read_article(path, max_bytes=LIMIT)
    assert document.metadata["title"] == "Falcon and Bottle"
    assert document.original_text == TEXT


def test_utf16_without_a_mark_is_refused_as_utf16_not_binary(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))
    with pytest.raises(ArticleError, match="UTF-16") as raised:
        read_article(path, max_bytes=LIMIT)
    assert "binary" not in str(raised.value)


@pytest.mark.parametrize(
    "data",
    [
        TEXT.replace("\n", "\r\n").encode(),
        codecs.BOM_UTF8 + TEXT.encode(),
        codecs.BOM_UTF8 + TEXT.replace("\n", "\r").encode(),
    ],
    ids=["crlf", "bom", "bom-and-cr"],
)
def test_the_stored_checksum_is_that_of_the_stored_text(tmp_path, data):
    path = tmp_path / "endings.md"
    path.write_bytes(data)
    document = read_article(path, max_bytes=LIMIT)
    assert document.original_text == TEXT
    expected = hashlib.sha256(TEXT.encode()).hexdigest()
    assert document.original_sha256 == expected == document.content_sha256


def test_a_huge_file_is_refused_without_being_read(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(1024**3)  # 1 GB, sparse: nothing to read but its size
    tracemalloc.start()
    try:
        with pytest.raises(ArticleError, match="1,073,741,824 bytes; the limit is 100,000"):
            read_article(path, max_bytes=LIMIT)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024**2
