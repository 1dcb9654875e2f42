"""simplemma's lemma dictionaries as memory-mapped MARISA tries, built once per machine.

simplemma offers two stores: plain dicts (fast, but hundreds of MB for a handful of languages) and a
low-memory stream that decodes a compressed block on every lookup (~20 µs; 17 languages still cost
about 130 MB and 18 s to load). The matcher looks up every new word of every article, so neither
fits a bot that reads many languages at scale. A trie of the same data answers in ~1 µs and, memory
mapped, costs only the pages it touches, shared by every worker on the machine.

Building a language's trie reads its whole dictionary (German: 3.4 s and a 150 MB peak), so it happens
in a child process, once per machine and simplemma version, into a cache directory
(``NEWSBELL_CACHE_DIR``, else the user's cache directory); the bot's own memory never holds the
dictionary. Workers that build the same language at once each write a temporary file and rename it
into place, so a reader only ever sees a whole trie. A trie that cannot be built or read (no writable
directory, a corrupt file) falls back to simplemma's low-memory store for that language, with a
warning: slower, never wrong. Workers of one machine take a file lock per language, so one of them
builds while the others wait and then read its file.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import marisa_trie
from simplemma.__metadata__ import __version__ as SIMPLEMMA_VERSION
from simplemma.strategies.dictionaries import LOW_MEMORY_DICTIONARY_FACTORY
from simplemma.strategies.dictionaries.dictionary_factory import (
    SUPPORTED_LANGUAGES,
    CachingDictionaryFactory,
    DecodedStrMapping,
)

from bot.core import lemmas

log = logging.getLogger(__name__)

CACHE_ENV = "NEWSBELL_CACHE_DIR"
BUILD_TIMEOUT_S = 600.0


def default_directory() -> Path:
    """Where tries are kept: ``$NEWSBELL_CACHE_DIR`` or the user's cache directory, per simplemma version
    (a new version's data gets new tries)."""
    base = os.environ.get(CACHE_ENV)
    if not base:
        from platformdirs import user_cache_dir

        base = user_cache_dir("newsbell")
    return Path(base) / "lemmas" / f"simplemma-{SIMPLEMMA_VERSION}"


class _TrieMapping(DecodedStrMapping):
    """simplemma's read-only ``str -> str`` view over a trie of ``word -> lemma`` (UTF-8 values)."""

    __slots__ = ("_get", "_trie")

    def __init__(self, trie: marisa_trie.BytesTrie) -> None:
        self._trie = trie
        self._get = trie.get

    def _lookup(self, key: str) -> str | None:
        values = self._get(key)
        return values[0].decode() if values else None

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.iterkeys())

    def __len__(self) -> int:
        return len(self._trie)


class TrieDictionaries(CachingDictionaryFactory):
    """A simplemma ``DictionaryFactory`` serving memory-mapped tries from ``directory``, building any
    that is missing in a child process first."""

    __slots__ = ("_directory", "_locks")

    def __init__(self, directory: Path) -> None:
        self._directory = Path(directory)
        # One lock per language: two threads asking for one language build it once, and a thread that
        # needs another language does not wait behind that build.
        self._locks = {lang: threading.Lock() for lang in SUPPORTED_LANGUAGES}
        super().__init__(cache_max_size=len(SUPPORTED_LANGUAGES))

    def path(self, lang: str) -> Path:
        return self._directory / f"{lang}.marisa"

    def _get_dictionary_uncached(self, lang: str) -> Mapping[str, str]:
        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"Unsupported language: {lang}")
        with self._locks[lang]:
            trie = self._open(lang)
            if trie is None:
                with _machine_lock(self._directory, lang):  # workers on one machine: one builds, the rest wait
                    trie = self._open(lang)
                    if trie is None and self._build(lang):
                        trie = self._open(lang)
        if trie is None:
            log.warning("lemma table for %r unavailable in %s: using simplemma's slower low-memory store",
                        lang, self._directory)
            return LOW_MEMORY_DICTIONARY_FACTORY.get_dictionary(lang)
        return _TrieMapping(trie)

    def _open(self, lang: str) -> marisa_trie.BytesTrie | None:
        path = self.path(lang)
        if not path.exists():
            return None
        try:
            return marisa_trie.BytesTrie().mmap(str(path))
        except Exception as exc:  # truncated or foreign file: build it again
            log.warning("lemma table %s unreadable (%s): rebuilding it", path, exc)
            path.unlink(missing_ok=True)
            return None

    def _build(self, lang: str) -> bool:
        """Build ``lang``'s trie in a child process; False (and a warning) when that fails."""
        try:
            self._directory.mkdir(parents=True, exist_ok=True)
            done = subprocess.run(
                [sys.executable, "-m", "bot.lemma_tables", lang, str(self.path(lang))],
                capture_output=True, text=True, timeout=BUILD_TIMEOUT_S, check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("could not build the lemma table for %r: %s", lang, exc)
            # A child killed at the timeout never removes its temporary file: we hold the build lock, so
            # any such file of this language is a leftover.
            for leftover in self._directory.glob(f".{lang}.*.tmp"):
                leftover.unlink(missing_ok=True)
            return False
        if done.returncode != 0:
            log.warning("building the lemma table for %r failed: %s", lang, done.stderr.strip()[-500:])
            return False
        return True


def _records(lang: str) -> Iterator[tuple[str, bytes]]:
    """``(word, lemma)`` pairs of simplemma's shipped dictionary, decoded one at a time.

    simplemma's own trie builder first decodes the whole dictionary into a dict (German: 260 MB);
    streaming its front-coded records into the trie builder halves that (148 MB). These are simplemma
    2.x internals (pinned in pyproject.toml); tests compare every answer with simplemma's own store.
    """
    from simplemma.strategies.dictionaries import frontcode
    from simplemma.strategies.dictionaries.dictionary_factory import _read_decompressed

    data = _read_decompressed(lang)
    reversed_keys, _count, start = frontcode._read_header(data)
    for _, key, value in frontcode._iter_records(data, start):
        if reversed_keys:
            key, value = key[::-1], value[::-1]
        yield key.decode(), value


@contextmanager
def _machine_lock(directory: Path, lang: str) -> Iterator[None]:
    """An exclusive lock on ``<lang>.lock`` in ``directory``, for processes sharing the cache (where
    ``fcntl`` exists; elsewhere, and when the directory cannot be made, no lock: builds race harmlessly,
    each renaming a whole file into place)."""
    try:
        import fcntl

        directory.mkdir(parents=True, exist_ok=True)
        handle = open(directory / f"{lang}.lock", "a")  # noqa: SIM115 - held open for the lock's lifetime
    except (ImportError, OSError):
        yield
        return
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing releases the lock


def build(lang: str, path: Path) -> None:
    """Write ``lang``'s trie to ``path`` (whole or not at all). Run in a child process: building costs
    from 60 MB (English) to 400 MB (Polish, 3.7 million forms), given back when the child exits."""
    trie = marisa_trie.BytesTrie(_records(lang), cache_size=marisa_trie.HUGE_CACHE)
    fd, tmp = tempfile.mkstemp(prefix=f".{lang}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        trie.save(tmp)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def install(directory: Path | None = None) -> TrieDictionaries:
    """Make the lemma door (``bot.core.lemmas``) read tries from ``directory`` (default:
    ``default_directory()``). Called once by the composition root."""
    dictionaries = TrieDictionaries(directory or default_directory())
    lemmas.use_dictionaries(dictionaries)
    return dictionaries


if __name__ == "__main__":  # python -m bot.lemma_tables LANG PATH (what TrieDictionaries runs)
    build(sys.argv[1], Path(sys.argv[2]))
