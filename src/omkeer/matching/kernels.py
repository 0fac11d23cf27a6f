"""Compiled loops of the matching engine (Numba): every mentee against every mentor, one pass over all pairs.

No Django and no engine types here, and no import of the engine: plain arrays in, arrays out. The engine
(`omkeer.matching.engine`) builds the arrays and decides what the results mean. The loops are compiled on first
use and cached on disk (`cache=True`); `python -m omkeer.matching.engine` compiles them ahead (the Makefile
does, so that no run pays for it).

A pass (`scan`) computes, for a block of 128 mentees at a time and 1,024 mentors at a time (so that the mentors'
columns stay in the cache while the block's mentees use them), each pair's score in float32, the term sums of
the score formula written as loops that the compiler turns into vector instructions:

    S·w_skills = scale_i · Σ_k want_ik · max(0, mentor_jk − own_ik)        over the skills i wants
    R·w_reciprocal = Σ_k rw_jk · max(0, own_ik − mentor_jk)                 rw_jk = w_r · want_jk / (4 Σ want_j)
    I·w_interests = w_i · shared / (count_i + count_j − shared)            shared interests counted by rows
    D·w_cross = w_d · [dept_i ≠ dept_j]

and the hard rules exactly (all whole numbers): level gap, team, department, reporting line (Euler-tour
intervals: j manages i within d levels iff tin_j ≤ tin_i < tout_j and depth_i − depth_j ≤ d) and the skill
rule (Σ want·gain ≥ least whole value). Forbidden pairs are the engine's to remove. What a pass keeps, by the
value `score − price[j] − row_price[i]`: per mentee the K best pairs above a floor, how many are above it, and
optionally per mentor the best mentees (one list per thread, merged by the engine).

The other loops: `auction` (the first prices, bidding over those lists), `euler` (the manager tree's intervals),
`duals` (LP prices of an optimal assignment, or proof that it is not optimal) and `repair` (shortest augmenting
paths that make the last optimum optimal again after pairs were added).
"""

from __future__ import annotations

import threading
from typing import Any

import numba as nb
import numpy as np

BLOCK = 128  # mentees scored together against one chunk of mentors
CHUNK = 1024  # mentors per chunk: their columns (about 100 kB) stay in the cache for the whole block
NONE = np.float32(-3.0e38)  # value of a pair that breaks a hard rule
LOCK = threading.Lock()  # one parallel pass at a time per process (Numba's thread pool is not re-entrant)


@nb.njit(cache=True, inline="always")
def _push(hv: Any, hj: Any, row: int, count: int, size: int, value: float, j: int) -> int:
    """Insert into the min-heap hv[row, :count] of at most `size` values (hj: their mentors); returns the count."""
    if count < size:
        x = count
        count += 1
        while x > 0:
            parent = (x - 1) >> 1
            if hv[row, parent] <= value:
                break
            hv[row, x] = hv[row, parent]
            hj[row, x] = hj[row, parent]
            x = parent
    else:
        x = 0
        while True:
            c = 2 * x + 1
            if c >= size:
                break
            if c + 1 < size and hv[row, c + 1] < hv[row, c]:
                c += 1
            if hv[row, c] >= value:
                break
            hv[row, x] = hv[row, c]
            hj[row, x] = hj[row, c]
            x = c
    hv[row, x] = value
    hj[row, x] = j
    return count


@nb.njit(cache=True, parallel=True)
def scan(
    rows: Any,  # mentees to score (int64)
    prof: Any,  # skills x mentors, proficiency (float32); the mentor arrays hold the pass's mentors only
    rwant: Any,  # reciprocal skills x mentors: w_r · want / (4 Σ want)
    rprof: Any,  # reciprocal skills x mentors: proficiency
    inter: Any,  # interests x mentors, 0/1
    m_int: Any,  # mentors: int32 columns dept, team, level, tin, tout, depth
    m_count: Any,  # mentors: number of interests (float32)
    want_ptr: Any,  # mentee i's wanted skills are want_skill[want_ptr[i]:want_ptr[i + 1]]
    want_skill: Any,
    want_value: Any,  # importance (float32)
    want_own: Any,  # the mentee's own proficiency in it (float32)
    like_ptr: Any,
    like: Any,  # interest rows
    e_count: Any,  # mentees: number of interests (float32)
    e_rown: Any,  # mentees x reciprocal skills: own proficiency (float32)
    e_scale: Any,  # w_skills / (4 Σ want)
    e_gain_min: Any,  # least whole Σ want·gain that passes the skill rule
    e_int: Any,  # mentees: int32 columns dept, team, level, tin, tout, depth
    rules: Any,  # int64: min level gap, forbid team, forbid department, reporting-line depth (-1 off, >= 0 on)
    w_interests: float,
    w_cross: float,
    price: Any,  # float32 per position in `cols`
    row_price: Any,  # float32 per position in `rows`, subtracted too (the reverse auction's mentee prices)
    floor: Any,  # float32 per position in `rows`: count the values above it
    entry: Any,  # float32 per position in `rows`: keep (the K best of) the values above it
    best_j: Any,  # out: rows x K mentor positions (int32, -1 none), best first not guaranteed
    best_v: Any,  # out: rows x K values (float32)
    above: Any,  # out: per row, how many values are above its floor (int64)
    col_j: Any,  # out: threads x mentors x C best mentee positions (int32), C = 0 for none
    col_v: Any,  # out: threads x mentors x C values
    col_count: Any,  # out: threads x mentors
    col_floor: Any,  # threads x mentors: the least value that enters that thread's list (NONE at first)
) -> None:
    n_rows, n_cols = len(rows), prof.shape[1]
    size = best_j.shape[1]
    csize = col_j.shape[2]
    n_skills, n_recip, n_likes = prof.shape[0], rwant.shape[0], inter.shape[0]
    gap, forbid_team, forbid_dept, depth = rules[0], rules[1], rules[2], rules[3]
    zero = np.float32(0.0)
    wi, wd = np.float32(w_interests), np.float32(w_cross)
    for block in nb.prange((n_rows + BLOCK - 1) // BLOCK):
        tid = nb.get_thread_id()  # type: ignore[attr-defined]
        r0 = block * BLOCK
        r1 = min(n_rows, r0 + BLOCK)
        hv = np.empty((BLOCK, max(size, 1)), dtype=np.float32)
        hj = np.empty((BLOCK, max(size, 1)), dtype=np.int32)
        counts = np.zeros(BLOCK, dtype=np.int64)
        thresholds = np.empty(BLOCK, dtype=np.float32)
        for r in range(r0, r1):
            thresholds[r - r0] = entry[r]
            above[r] = 0
        pc = np.empty((n_skills, CHUNK), dtype=np.float32)
        rwc = np.empty((n_recip, CHUNK), dtype=np.float32)
        rpc = np.empty((n_recip, CHUNK), dtype=np.float32)
        lc = np.empty((n_likes, CHUNK), dtype=np.float32)
        mi = np.empty((6, CHUNK), dtype=np.int32)
        mc = np.empty(CHUNK, dtype=np.float32)
        qc = np.empty(CHUNK, dtype=np.float32)
        acc = np.empty(CHUNK, dtype=np.float32)
        val = np.empty(CHUNK, dtype=np.float32)
        shared = np.empty(CHUNK, dtype=np.float32)
        ok = np.empty(CHUNK, dtype=np.bool_)
        for lo in range(0, n_cols, CHUNK):
            width = min(n_cols, lo + CHUNK) - lo
            for k in range(n_skills):  # the chunk's mentors, copied once for the whole block
                pc[k, :width] = prof[k, lo : lo + width]
            for k in range(n_recip):
                rwc[k, :width] = rwant[k, lo : lo + width]
                rpc[k, :width] = rprof[k, lo : lo + width]
            for k in range(n_likes):
                lc[k, :width] = inter[k, lo : lo + width]
            for k in range(6):
                mi[k, :width] = m_int[k, lo : lo + width]
            mc[:width] = m_count[lo : lo + width]
            qc[:width] = price[lo : lo + width]
            for r in range(r0, r1):
                i = rows[r]
                rq = row_price[r]
                for t in range(width):
                    acc[t] = zero
                for e in range(want_ptr[i], want_ptr[i + 1]):
                    k = want_skill[e]
                    wv = want_value[e]
                    own = want_own[e]
                    for t in range(width):
                        x = pc[k, t] - own
                        acc[t] += wv * (x if x > zero else zero)
                scale = e_scale[i]
                least = e_gain_min[i]
                for t in range(width):
                    val[t] = acc[t] * scale
                    ok[t] = acc[t] >= least
                for k in range(n_recip):
                    own = e_rown[i, k]
                    if own > zero:
                        for t in range(width):
                            x = own - rpc[k, t]
                            val[t] += rwc[k, t] * (x if x > zero else zero)
                if n_likes:
                    for t in range(width):
                        shared[t] = zero
                    for e in range(like_ptr[i], like_ptr[i + 1]):
                        k = like[e]
                        for t in range(width):
                            shared[t] += lc[k, t]
                    ce = e_count[i]
                    for t in range(width):
                        union = ce + mc[t] - shared[t]
                        val[t] += wi * shared[t] / (union if union > zero else np.float32(1.0))
                dept, team, level = e_int[0, i], e_int[1, i], e_int[2, i]
                tin, tout, dep = e_int[3, i], e_int[4, i], e_int[5, i]
                top = level - gap
                for t in range(width):
                    good = ok[t] & (mi[2, t] <= top)
                    same = mi[0, t] == dept
                    if forbid_team:
                        good &= (mi[1, t] != team) | (team < 0)
                    if forbid_dept:
                        good &= ~same
                    if depth >= 0:
                        above_i = (mi[3, t] <= tin) & (tin < mi[4, t]) & (dep - mi[5, t] <= depth)
                        below_i = (tin <= mi[3, t]) & (mi[3, t] < tout) & (mi[5, t] - dep <= depth)
                        good &= ~(above_i | below_i)
                    v = val[t] + (zero if same else wd) - qc[t] - rq
                    val[t] = v if good else NONE
                b = r - r0
                threshold = thresholds[b]
                count = counts[b]
                least = floor[r]
                hits = 0
                for t in range(width):
                    hits += val[t] > least
                for t in range(width):
                    v = val[t]
                    if v > threshold and size:
                        count = _push(hv, hj, b, count, size, v, lo + t)
                        if count == size:
                            threshold = max(threshold, hv[b, 0])
                above[r] += hits
                counts[b] = count
                thresholds[b] = threshold
                if csize:
                    cf = col_floor[tid]
                    for t in range(width):
                        v = val[t]
                        jj = lo + t
                        if v > cf[jj]:
                            count = _push(col_v[tid], col_j[tid], jj, col_count[tid, jj], csize, v, r)
                            col_count[tid, jj] = count
                            if count == csize:
                                cf[jj] = col_v[tid, jj, 0]
        for b in range(r1 - r0):
            for x in range(size):
                best_j[r0 + b, x] = hj[b, x] if x < counts[b] else -1
                best_v[r0 + b, x] = hv[b, x] if x < counts[b] else NONE


@nb.njit(cache=True)
def euler(manager: Any) -> tuple[Any, Any, Any]:
    """Entry and exit times of a depth-first walk of the manager forest, and each person's depth: u manages v
    (directly or higher up) iff tin[u] <= tin[v] < tout[u]."""
    n = len(manager)
    children = np.zeros(n + 1, dtype=np.int64)
    for v in range(n):
        if manager[v] >= 0:
            children[manager[v] + 1] += 1
    for v in range(n):
        children[v + 1] += children[v]
    fill = children[:-1].copy()
    kids = np.empty(max(children[n], 1), dtype=np.int64)
    for v in range(n):
        if manager[v] >= 0:
            kids[fill[manager[v]]] = v
            fill[manager[v]] += 1
    tin = np.zeros(n, dtype=np.int32)
    tout = np.zeros(n, dtype=np.int32)
    depth = np.zeros(n, dtype=np.int32)
    stack = np.empty(n, dtype=np.int64)
    cursor = np.zeros(n, dtype=np.int64)
    clock = 0
    for root in range(n):
        if manager[root] >= 0:
            continue
        top = 0
        stack[0] = root
        tin[root] = clock
        clock += 1
        cursor[root] = children[root]
        while top >= 0:
            v = stack[top]
            if cursor[v] < children[v + 1]:
                w = kids[cursor[v]]
                cursor[v] += 1
                depth[w] = depth[v] + 1
                tin[w] = clock
                clock += 1
                cursor[w] = children[w]
                top += 1
                stack[top] = w
            else:
                tout[v] = clock
                top -= 1
    return tin, tout, depth


@nb.njit(cache=True)
def duals(n: int, m: int, mentee: Any, mentor: Any, value: Any, assigned: Any, capacity: Any) -> tuple[Any, Any, bool]:
    """LP dual prices of an optimal assignment over these arcs (value = BIG + score, int64): the least mentor
    prices v >= 0 with v[j] >= v[t] + value(i, j) - value(i, t) for a mentee i assigned to t, and v[j] >= value(i, j)
    for an unmatched mentee i (longest paths, by a queue of mentors whose price rose); u[i] = value(i, t) - v[t].
    ok is False when the prices do not settle or break complementary slackness (the assignment was not optimal)."""
    own = np.zeros(n, dtype=np.int64)
    for e in range(len(mentee)):
        if assigned[mentee[e]] == mentor[e]:
            own[mentee[e]] = value[e]
    v = np.zeros(m, dtype=np.int64)
    out = np.zeros(m + 1, dtype=np.int64)  # arcs by the mentor the mentee would leave
    for e in range(len(mentee)):
        t = assigned[mentee[e]]
        if t < 0:
            v[mentor[e]] = max(v[mentor[e]], value[e])
        elif t != mentor[e]:
            out[t + 1] += 1
    for j in range(m):
        out[j + 1] += out[j]
    fill = out[:-1].copy()
    head = np.empty(max(out[m], 1), dtype=np.int64)
    gain = np.empty(max(out[m], 1), dtype=np.int64)
    for e in range(len(mentee)):
        t = assigned[mentee[e]]
        if t >= 0 and t != mentor[e]:
            head[fill[t]] = mentor[e]
            gain[fill[t]] = value[e] - own[mentee[e]]
            fill[t] += 1
    queue = np.empty(m, dtype=np.int64)
    queued = np.ones(m, dtype=np.bool_)
    for j in range(m):
        queue[j] = j
    first, size = 0, m
    relaxations = 0
    limit = (m + 2) * max(out[m], 1)
    while size:
        t = queue[first]
        first = (first + 1) % m
        size -= 1
        queued[t] = False
        for e in range(out[t], out[t + 1]):
            j = head[e]
            candidate = v[t] + gain[e]
            if candidate > v[j]:
                v[j] = candidate
                relaxations += 1
                if not queued[j]:
                    queue[(first + size) % m] = j
                    size += 1
                    queued[j] = True
        if relaxations > limit:
            return own, v, False
    u = np.zeros(n, dtype=np.int64)
    load = np.zeros(m, dtype=np.int64)
    for i in range(n):
        t = assigned[i]
        if t >= 0:
            u[i] = own[i] - v[t]
            load[t] += 1
            if u[i] < 0:
                return u, v, False
    for j in range(m):
        if load[j] < capacity[j] and v[j] != 0:
            return u, v, False
    return u, v, True


# ---------------------------------------------------------------------------------------------------------
# Prices before the first flow: an auction over every pair, each mentee's pairs kept as a list


@nb.njit(cache=True)
def auction(
    stack: Any,  # bidders free to bid; the first `size` entries
    size: int,
    owner: Any,  # per bidder: its row (a mentee may bid for several places as copies of one row)
    list_j: Any,  # rows x L: a mentee's listed mentors (positions, -1 none, trailing)
    list_s: Any,  # rows x L: their scores (float64)
    theta: Any,  # per row: bound on score - price of every unlisted mentor at the list's prices (-inf: none)
    slot_ptr: Any,  # mentor j's places are slot_ptr[j]:slot_ptr[j + 1]
    slot_price: Any,  # price of each place (float64, rising)
    slot_holder: Any,  # row holding each place (-1 none)
    price: Any,  # per mentor: its lowest place price (what a bidder pays)
    outside: float,  # what a mentee gets unmatched
    eps: float,
    rescan: Any,  # out: bidders whose row's list no longer proves its best
) -> int:
    """Forward auction (Gauss–Seidel, mentor places as similar objects) until every free mentee holds a place, is
    out, or needs its list made again; returns how many need that (in `rescan`). Prices only rise, so an unlisted
    mentor is worth at most `theta` to a mentee: while the list's best beats it, the best over all pairs is known."""
    count = 0
    while size:
        size -= 1
        bidder = stack[size]
        r = owner[bidder]
        b1, b2, j1 = -np.inf, -np.inf, -1
        for x in range(list_j.shape[1]):
            j = list_j[r, x]
            if j < 0:
                break
            value = list_s[r, x] - price[j]
            if value > b1:
                b2, b1, j1 = b1, value, j
            elif value > b2:
                b2 = value
        if b1 < theta[r]:
            rescan[count] = bidder
            count += 1
            continue
        if j1 < 0 or b1 <= outside:
            continue
        second = max(b2, theta[r], outside)
        low = slot_ptr[j1]
        for k in range(slot_ptr[j1] + 1, slot_ptr[j1 + 1]):
            if slot_price[k] < slot_price[low]:
                low = k
        slot_price[low] = price[j1] + (b1 - second) + eps
        old = slot_holder[low]
        slot_holder[low] = bidder
        least = slot_price[slot_ptr[j1]]
        for k in range(slot_ptr[j1] + 1, slot_ptr[j1 + 1]):
            least = min(least, slot_price[k])
        price[j1] = least
        if old >= 0:
            stack[size] = old
            size += 1
    return count


# ---------------------------------------------------------------------------------------------------------
# Repairing an optimal assignment after arcs were added: shortest augmenting paths


HUGE = np.int64(1) << 62


@nb.njit(cache=True)
def repair(ptr: Any, mentor: Any, value: Any, capacity: Any, assigned: Any, left: Any, u: Any, v: Any) -> bool:
    """Make an assignment optimal again by shortest augmenting paths (Dijkstra on reduced costs).

    Network: mentee i -> mentor j (value), i -> sink (unmatched, value 0), j -> sink (up to its capacity); the
    duals (u, v; changed in place) hold on every arc and on every placed pair. A mentee marked -2 in `assigned`
    is not placed: it left the mentor `left[i]` (-1: it was unmatched), whose flow to the sink is kept, so that
    mentor waits for a mentee (or the sink for an unmatched one). Each unplaced mentee takes the cheapest path
    to such a waiting place; a path may go back from the sink to a mentor, which then keeps a free slot and its
    price falls to 0. Returns False if a path is missing (the caller then solves from scratch)."""
    n, m = len(ptr) - 1, len(capacity)
    sink = n + m
    nodes = n + m + 1
    pot = np.zeros(nodes, dtype=np.int64)  # reduced cost of x -> y: cost + pot[x] - pot[y], cost = -value
    pot[:n] = u
    for j in range(m):
        pot[n + j] = -v[j]
    own = np.zeros(n, dtype=np.int64)
    load = np.zeros(m, dtype=np.int64)
    for i in range(n):
        for e in range(ptr[i], ptr[i + 1]):
            if mentor[e] == assigned[i]:
                own[i] = value[e]
        if assigned[i] >= 0:
            load[assigned[i]] += 1
    members_ptr = np.zeros(m + 1, dtype=np.int64)
    for j in range(m):
        members_ptr[j + 1] = members_ptr[j] + capacity[j]
    members = np.full(members_ptr[m], -1, dtype=np.int64)
    fill = members_ptr[:-1].copy()
    for i in range(n):
        if assigned[i] >= 0:
            members[fill[assigned[i]]] = i
            fill[assigned[i]] += 1
    out = load.copy()  # flow mentor -> sink
    need = np.zeros(nodes, dtype=np.int64)  # units a node waits for
    sources = np.empty(max(n, 1), dtype=np.int64)
    count_sources = 0
    for i in range(n):
        if assigned[i] == -2:
            sources[count_sources] = i
            count_sources += 1
            if left[i] >= 0:
                out[left[i]] += 1
                need[n + left[i]] += 1
            else:
                need[sink] += 1
    dist = np.full(nodes, HUGE, dtype=np.int64)
    pred = np.full(nodes, -1, dtype=np.int64)
    arc = np.full(nodes, -1, dtype=np.int64)
    pos = np.full(nodes, -1, dtype=np.int64)
    heap = np.empty(nodes, dtype=np.int64)
    done = np.zeros(nodes, dtype=np.bool_)
    seen = np.empty(nodes, dtype=np.int64)
    for q in range(count_sources):
        start = sources[q]
        count = 0
        dist[start] = 0
        seen[count] = start
        count += 1
        heap[0] = start
        pos[start] = 0
        size = 1
        end = -1
        while size:
            x = heap[0]
            size = _pop(heap, pos, dist, size)
            done[x] = True
            if need[x] > 0:
                end = x
                break
            dx = dist[x]
            if x == sink:  # back along used arcs: a mentor sends one less, an unmatched mentee leaves the sink
                for j in range(m):
                    if out[j] > 0:
                        size, count = _reach(n + j, dx + pot[x] - pot[n + j], x, -1, dist, pred, arc, heap, pos,
                                             size, seen, count, done)  # fmt: skip
                for i in range(n):
                    if assigned[i] == -1:
                        size, count = _reach(i, dx + pot[x] - pot[i], x, -1, dist, pred, arc, heap, pos, size,
                                             seen, count, done)  # fmt: skip
            elif x < n:
                for e in range(ptr[x], ptr[x + 1]):
                    if mentor[e] != assigned[x]:
                        y = n + mentor[e]
                        size, count = _reach(y, dx - value[e] + pot[x] - pot[y], x, e, dist, pred, arc, heap, pos,
                                             size, seen, count, done)  # fmt: skip
                if assigned[x] != -1:
                    size, count = _reach(sink, dx + pot[x] - pot[sink], x, -1, dist, pred, arc, heap, pos, size,
                                         seen, count, done)  # fmt: skip
            else:
                j = x - n
                for r in range(members_ptr[j], members_ptr[j] + load[j]):
                    k = members[r]
                    size, count = _reach(k, dx + own[k] + pot[x] - pot[k], x, -1, dist, pred, arc, heap, pos, size,
                                         seen, count, done)  # fmt: skip
                if out[j] < capacity[j]:
                    size, count = _reach(sink, dx + pot[x] - pot[sink], x, -1, dist, pred, arc, heap, pos, size,
                                         seen, count, done)  # fmt: skip
        if end < 0:
            return False
        top = dist[end]
        for t in range(count):
            y = seen[t]
            if done[y]:
                pot[y] += dist[y] - top
        need[end] -= 1
        y = end
        while y != start:
            x = pred[y]
            if x < n and y < sink:  # mentee x joins mentor y
                j = y - n
                members[members_ptr[j] + load[j]] = x
                load[j] += 1
                assigned[x] = j
                own[x] = value[arc[y]]
            elif x < n:  # mentee x goes unmatched
                assigned[x] = -1
                own[x] = 0
            elif x < sink and y < n:  # mentee y leaves mentor x
                j = x - n
                for r in range(members_ptr[j], members_ptr[j] + load[j]):
                    if members[r] == y:
                        members[r] = members[members_ptr[j] + load[j] - 1]
                        load[j] -= 1
                        break
            elif x < sink:  # mentor x sends one more to the sink
                out[x - n] += 1
            elif y >= n:  # the sink takes one less from mentor y
                out[y - n] -= 1
            y = x
        for t in range(count):
            y = seen[t]
            dist[y] = HUGE
            done[y] = False
            pred[y] = -1
            arc[y] = -1
            pos[y] = -1
    for i in range(n):
        u[i] = pot[i] - pot[sink]
    for j in range(m):
        v[j] = pot[sink] - pot[n + j]
    return True


@nb.njit(cache=True, inline="always")
def _reach(y, d, x, e, dist, pred, arc, heap, pos, size, seen, count, done):  # type: ignore[no-untyped-def]
    """Dijkstra's relaxation of y (reached from x by arc e at distance d); returns the heap size and seen count."""
    if done[y] or d >= dist[y]:
        return size, count
    if dist[y] == HUGE:
        seen[count] = y
        count += 1
        dist[y] = d
        i = size
        size += 1
    else:
        dist[y] = d
        i = pos[y]
    pred[y] = x
    arc[y] = e
    while i > 0:
        parent = (i - 1) >> 1
        if dist[heap[parent]] <= d:
            break
        heap[i] = heap[parent]
        pos[heap[i]] = i
        i = parent
    heap[i] = y
    pos[y] = i
    return size, count


@nb.njit(cache=True, inline="always")
def _pop(heap: Any, pos: Any, key: Any, size: int) -> int:
    """Remove the heap's top (the caller read it); returns the new size."""
    pos[heap[0]] = -1
    size -= 1
    if size > 0:
        x = heap[size]
        kx = key[x]
        i = 0
        while True:
            c = 2 * i + 1
            if c >= size:
                break
            if c + 1 < size and key[heap[c + 1]] < key[heap[c]]:
                c += 1
            if key[heap[c]] >= kx:
                break
            heap[i] = heap[c]
            pos[heap[i]] = i
            i = c
        heap[i] = x
        pos[x] = i
    return size


def threads() -> int:
    return int(nb.get_num_threads())
