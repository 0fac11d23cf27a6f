"""`python -m omkeer.matching.engine`: compile (or load from Numba's on-disk cache) every loop of
`omkeer.matching.kernels` with the argument types the engine passes, by solving tiny problems. The Makefile
runs it once after installing, so that no run pays for the compilation."""

from __future__ import annotations

import numpy as np

from omkeer.matching import engine, kernels


def warm() -> None:
    """Compile (or load from the cache) every loop, on tiny problems."""
    problem = engine.Problem(
        employees=[engine.Employee("a", "x", 1, "t1", "b"), engine.Employee("b", "y", 5, "t2")],
        mentors=[engine.Mentor("a", 1, {"s": 3}, frozenset({"i"}), {"r": 1})],
        mentees=[engine.Mentee("b", {"s": 2}, {"r": 3}, frozenset({"i"}))],
    )
    engine.match(problem)
    one = np.zeros(1, dtype=np.int64)
    kernels.repair(np.array([0, 1]), one, one + 5, one + 1, one - 2, one - 1, one + 5, one.copy())


if __name__ == "__main__":
    warm()
