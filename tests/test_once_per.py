"""What the extractors work out once per loaded lexicon or authority file (patterns, tables)
is kept by the object's identity while it lives, never handed to a later object that
happens to get a freed one's address (kg.rules.once_per)."""

import gc

from kg.rules import once_per


class Box:
    def __init__(self, value):
        self.value = value


def test_a_later_object_at_a_freed_address_gets_its_own_value():
    calls = []

    @once_per
    def worked_out(box):
        calls.append(box.value)
        return box.value

    reused = 0
    for i in range(1, 200):
        first = Box(i)
        assert worked_out(first) == i and worked_out(first) == i     # the second from the cache
        freed = id(first)
        del first
        second = Box(-i)
        reused += id(second) == freed
        assert worked_out(second) == -i
        del second
    # CPython gives a freed object's memory to the next one of its size: the case above
    # was met, so a cache keyed by id() alone would have failed here
    assert reused > 0
    assert len(calls) == 2 * 199
    gc.collect()
    assert not worked_out.cache        # nothing kept for objects that are gone


def test_the_real_rule_files_are_worked_out_once(tmp_path):
    from kg import resources
    from kg.extract.gazetteer import _matcher
    from kg.authority import load_authority

    authority = load_authority(resources.AUTHORITY)
    assert _matcher(authority) is _matcher(authority)
    other = load_authority(resources.AUTHORITY)
    assert _matcher(other) is not _matcher(authority)
