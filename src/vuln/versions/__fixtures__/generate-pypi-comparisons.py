"""Writes pypi-packaging-comparisons.jsonl: version pairs and packaging.version's comparison sign, one
JSON array [a, b, sign] per line.

Run with the `packaging` library (26.2 made the checked-in file):
    python3 generate-pypi-comparisons.py > pypi-packaging-comparisons.jsonl
Deterministic: the same 32-bit LCG as the tests' SeededRandom.
"""
import json

from packaging.version import Version

state = 2026


def below(n):
    global state
    state = (state * 1664525 + 1013904223) % 2**32
    return state * n // 2**32


def pick(xs):
    return xs[below(len(xs))]


def number():
    return pick(["0", "0", "1", "2", "9", "10", "01", "007", "456", "9007199254740993", "20230101123456789"])


def generate():
    v = pick(["", "", "", "v", " ", "V"])
    if below(7) == 0:
        v += pick(["1", "2", "01", "10"]) + "!"
    v += ".".join(number() for _ in range(1 + below(4)))
    if below(5) < 2:
        v += pick(["", ".", "-", "_"]) + pick(["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "RC", "A"])
        if below(5) < 4:
            v += pick(["", ".", "-", "_"]) + number()
    if below(10) < 3:
        v += pick(["-" + number(), ".post" + number(), "post", "-r" + number(), ".rev", "_post_" + number()])
    if below(10) < 3:
        v += pick([".dev", ".dev" + number(), "-dev" + number(), "dev"])
    if below(10) < 3:
        parts = [pick(["abc", "ABC", "1e5", "0x1", "infinity", "ubuntu", number(), number(), "a1", "z"]) for _ in range(1 + below(3))]
        v += "+" + pick([".", "-", "_"]).join(parts)
    return v + pick(["", "", "", "\t", " \n"])


versions = []
while len(versions) < 1500:
    v = generate()
    Version(v)  # every generated version must be valid
    versions.append(v)



def respell(v):
    """Another spelling of (usually) the same version, so that equal pairs are common too."""
    choice = below(5)
    if choice == 0:
        return v.upper()
    if choice == 1:
        return v.strip() + ".0" if "+" not in v and "dev" not in v and "post" not in v else v.strip()
    if choice == 2:
        return v.replace("alpha", "a").replace("beta", "b").replace("preview", "rc").replace("-", ".")
    if choice == 3:
        return "0!" + v.strip().lstrip("vV") if "!" not in v else v
    return v.replace("01", "1")


pairs = [(pick(versions), pick(versions)) for _ in range(3000)]
for _ in range(1000):
    a = pick(versions)
    b = respell(a)
    try:
        Version(b)
    except ValueError:  # InvalidVersion: the respelling broke it; compare with itself instead
        b = a
    pairs.append((a, b))
for a, b in pairs:
    sign = (Version(a) > Version(b)) - (Version(a) < Version(b))
    print(json.dumps([a, b, sign]))
