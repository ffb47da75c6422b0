"""The best one-to-one pairing of two sets by weight (the Hungarian method).

Both halves of the layout need it: headlines given to texts (``headlines``), and the ends
of broken sentences paired with the pieces that finish them (``fragments``). In each the
page as a whole must fit best: one pair taken greedily may leave another with none.
"""

from __future__ import annotations


def best_matching(weights: list[list[float]], floor: float) -> list[tuple[int, int]]:
    """Pairs (row, column) with the largest total weight, each row and column used at most
    once and no pair weighing less than ``floor`` (the Hungarian method on costs; a row may
    stay unmatched at no cost)."""
    rows = len(weights)
    if not rows or not weights[0]:
        return []
    columns = len(weights[0])
    width = columns + rows  # a dummy column per row: "no text"
    cost = [[-w if w >= floor else 0.0 for w in row] + [0.0] * rows for row in weights]
    infinity = float("inf")
    u = [0.0] * (rows + 1)
    v = [0.0] * (width + 1)
    match = [0] * (width + 1)  # column -> row (1-based; 0 = free)
    way = [0] * (width + 1)
    for row in range(1, rows + 1):
        match[0] = row
        current = 0
        least = [infinity] * (width + 1)
        used = [False] * (width + 1)
        while True:
            used[current] = True
            r = match[current]
            delta, nxt = infinity, 0
            for col in range(1, width + 1):
                if used[col]:
                    continue
                value = cost[r - 1][col - 1] - u[r] - v[col]
                if value < least[col]:
                    least[col], way[col] = value, current
                if least[col] < delta:
                    delta, nxt = least[col], col
            for col in range(width + 1):
                if used[col]:
                    u[match[col]] += delta
                    v[col] -= delta
                else:
                    least[col] -= delta
            current = nxt
            if match[current] == 0:
                break
        while current:
            previous = way[current]
            match[current] = match[previous]
            current = previous
    return [
        (match[col] - 1, col - 1)
        for col in range(1, columns + 1)
        if match[col] and weights[match[col] - 1][col - 1] >= floor
    ]
