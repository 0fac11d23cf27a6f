"""The solver's knobs: how many arcs the first flow gets, when the certificate scores all pairs again, how the
auction bids, how hard the side constraint's price is searched. None of them changes the result, only the
time to it. The engine reads them at call time (`tuning.REPAIR`), so that a test can turn one."""

from __future__ import annotations

ADD_PER_ROW = 20  # pairs per mentee and round of the certificate: the most violated, then the best at the prices
DRIFT = 0.005  # score units: mentors whose price fell this much more than the median are scored again in full
REPASS = 0.3  # share of mentors (or mentees) to score again above which a round scores all pairs
COLUMN_CANDIDATES = 10  # best mentees per mentor handed to the first flow
RANDOM_ARCS = 3  # random mentors per mentee handed to the first flow: its prices then reflect the whole market
NEAR_SLACK = 0.01  # score units: pairs this close to breaking the dual constraint are added with the violators
FLOW_SLACK = 0.05  # score units: after a round that added few arcs the flow gets the arcs this close to tight
PRUNE_AFTER = 0.05  # "few": less than this share of the candidate arcs
AUCTION_EPS = 0.003  # score units: the least step of a bid in the auction that finds the first prices
AUCTION_LIST = 50  # pairs per mentee the auction keeps between passes
AUCTION_COPIES = 5  # places each sampled mentee bids for, in the auction on a sample of a large pool
AUCTION_SAMPLE_FROM = 50_000  # mentees from which the auction first runs on a sample
AUCTION_TAIL = 0.03  # share of bidders still waiting for a pass at which the auction stops
AUCTION_LISTS = 3  # lists per bidding member after which the auction stops, whatever still fights
REPAIR = 0.02  # share of mentees whose pairs broke the prices up to which the last optimum is repaired


MAX_SHARE_SOLVES = 24  # exact solves spent on the price of the cross-department share
PRICE_CAP = 16  # highest price tried, in units of (highest possible score + 1)
