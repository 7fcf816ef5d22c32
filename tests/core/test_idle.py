"""Work taken up while waiting (``core.idle``)."""

import doctest
import threading

from partnerkg.core import idle


def test_docstring_examples():
    result = doctest.testmod(idle)
    assert result.attempted > 0 and result.failed == 0


def test_steps_are_taken_only_while_waiting_and_newest_work_first():
    done = []
    with idle.meanwhile(iter("abc")) as outer:
        with idle.meanwhile(iter("xy")):
            idle.step_while(lambda: len(done) < 3, on_step=done.append)
        idle.step_while(lambda: False, on_step=done.append)  # not waiting: nothing taken
        assert done == ["x", "y", "a"]
        assert list(outer) == ["b", "c"]
    idle.step_while(lambda: True, on_step=done.append)  # no work given: returns at once
    assert done == ["x", "y", "a"]


def test_work_given_on_one_thread_is_not_taken_on_another():
    done = []
    with idle.meanwhile(iter(range(5))):
        other = threading.Thread(target=idle.step_while, args=(lambda: True, done.append))
        other.start()
        other.join()
        assert done == []
        idle.step_while(lambda: len(done) < 2, on_step=done.append)
    assert done == [0, 1]
