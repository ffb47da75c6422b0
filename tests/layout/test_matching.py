"""Headlines go to texts by the best total fit: the matching is checked against brute force."""

from __future__ import annotations

import itertools
import random

from reader.layout.matching import best_matching


def brute_force(weights: list[list[float]], floor: float) -> float:
    """The best total over every way of giving rows distinct columns (or none)."""
    rows, columns = len(weights), len(weights[0])
    best = 0.0
    options = [None, *range(columns)]
    for choice in itertools.product(options, repeat=rows):
        picked = [c for c in choice if c is not None]
        if len(picked) != len(set(picked)):
            continue
        total = sum(
            weights[r][c] for r, c in enumerate(choice) if c is not None and weights[r][c] >= floor
        )
        best = max(best, total)
    return best


def test_the_matching_is_the_best_total_and_a_real_matching() -> None:
    generator = random.Random(10)
    for _ in range(300):
        rows, columns = generator.randint(1, 4), generator.randint(1, 4)
        weights = [[round(generator.random(), 2) for _ in range(columns)] for _ in range(rows)]
        floor = generator.choice([0.0, 0.12, 0.5])
        pairs = best_matching(weights, floor)
        assert len({r for r, _ in pairs}) == len(pairs)
        assert len({c for _, c in pairs}) == len(pairs)
        assert all(weights[r][c] >= floor for r, c in pairs)
        total = sum(weights[r][c] for r, c in pairs)
        assert abs(total - brute_force(weights, floor)) < 1e-9


def test_greedy_is_not_enough() -> None:
    """The strongest single pair (0.9) is not part of the best assignment (0.8 + 0.8)."""
    weights = [[0.9, 0.8], [0.8, 0.1]]
    assert sorted(best_matching(weights, 0.12)) == [(0, 1), (1, 0)]
