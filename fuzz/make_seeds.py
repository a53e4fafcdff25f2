#!/usr/bin/env python3
"""Writes deeply nested Go seeds for the `check` fuzz target into fuzz/corpus/check.

Each seed nests one construct hundreds of levels deep (types, expressions,
statements, declarations), inside code that triggers every rule family, so the
fuzzer starts from the shapes that once overflowed the stack or took quadratic
time. Usage: python3 fuzz/make_seeds.py [--depth N]
"""

import argparse
import os

HEADER = (
    "package p\n\nimport (\n\t\"context\"\n\t\"sync\"\n\t\"time\"\n)\n\n"
    "var wg sync.WaitGroup\nvar _ = time.Second\n\n"
)


def types(depth):
    shapes = {
        "pointer": lambda d: "*" * d + "int",
        "slice": lambda d: "[]" * d + "int",
        "array": lambda d: "[1]" * d + "int",
        "map": lambda d: "map[string]" * d + "int",
        "chan": lambda d: "chan " * d + "int",
        "func": lambda d: "func() " * d + "int",
        "paren": lambda d: "(" * d + "int" + ")" * d,
    }
    for name, make in shapes.items():
        ty = make(depth)
        yield f"type-{name}", HEADER + f"var x {ty}\n\nfunc f(ctx context.Context, p {ty}) {{\n\twg.Add(1)\n\tgo func() {{ defer wg.Done(); _, _ = x, p }}()\n}}\n"


def expressions(depth):
    yield "expr-paren", HEADER + "var v = " + "(" * depth + "1" + ")" * depth + "\n"
    yield "expr-binary", HEADER + "var v = " + " + ".join(["1"] * depth) + "\n"
    yield "expr-call", HEADER + "func g(x int) int { return x }\n\nvar v = " + "g(" * depth + "1" + ")" * depth + "\n"
    yield "expr-funclit", HEADER + "var v = " + "func() {\n" * depth + "}\n" * depth


def statements(depth):
    body = "for {\nselect {\ncase <-ch:\ncase <-time.After(time.Second):\n" * depth + "return\n" + "}\n}\n" * depth
    yield "stmt-for-select", HEADER + f"func f(ctx context.Context, ch chan int) {{\n{body}}}\n"
    body = "if x > 0 {\n" * depth + "cancel()\n" + "}\n" * depth
    yield "stmt-if", HEADER + f"func f(ctx context.Context, x int) {{\nc, cancel := context.WithCancel(ctx)\n_ = c\n{body}}}\n"
    body = "{\n" * depth + "}\n" * depth
    yield "stmt-block", HEADER + f"func f() {{\n{body}}}\n"
    body = "go func() {\n" * depth + "wg.Done()\n" + "}()\n" * depth
    yield "stmt-go", HEADER + f"func f() {{\nwg.Add(1)\n{body}}}\n"


def declarations(depth):
    funcs = "".join(
        f"func f{i}(ctx context.Context) {{\n\tc, _ := context.WithCancel(ctx)\n\t_ = c\n}}\n" for i in range(depth)
    )
    yield "decl-funcs", HEADER + funcs
    yield "decl-types", HEADER + "".join(f"type T{i} struct{{ next *T{i + 1} }}\n" for i in range(depth))
    yield "decl-struct", HEADER + "type S " + "struct { f " * depth + "int" + " }" * depth + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--depth", type=int, default=400)
    args = ap.parse_args()
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus", "check")
    os.makedirs(out, exist_ok=True)
    count = 0
    for family in (types, expressions, statements, declarations):
        for name, text in family(args.depth):
            data = text.encode()[:65536]
            with open(os.path.join(out, f"nested-{name}.go"), "wb") as f:
                f.write(data)
            count += 1
    print(f"wrote {count} nested seeds to {out}")


if __name__ == "__main__":
    main()
