//! "Is this value settled on every path out of the function?" — the one
//! control-flow question the cancel, span and WaitGroup rules share.
//!
//! The walk follows Go's structured statements (blocks, `if`, `for`, `switch`,
//! `select`, labels, `break`/`continue`/`fallthrough`) over a three-valued state:
//! unreachable, clean (nothing to settle yet, or already settled) and open. The
//! rule supplies a `PathOracle` that says which statement creates the value,
//! which statements settle it (call it, defer it, hand it off), which calls
//! never return, and optionally which `if` conditions an open value decides
//! (`x != nil`). The answer is every `return` (or the end of the body) that an
//! open path reaches; `walk_paths` also lists the places where open paths are
//! settled. `goto`, and nesting deeper than `MAX_DEPTH`, make the answer
//! unknown: the caller then stays silent.

use std::collections::HashSet;

use tree_sitter::Node;

use super::{kinds, syntax};
use crate::model::fields::Fields;

/// Statement nesting beyond this gives up instead of risking the stack.
const MAX_DEPTH: usize = 200;

/// What a rule tells the path walk about its value.
pub trait PathOracle {
    /// The statement (or `if`/`switch`/`for` initializer) that creates the value.
    fn creates(&self, node: Node<'_>) -> bool;
    /// A statement, initializer, condition or `return` that settles the value.
    fn settles(&self, node: Node<'_>) -> bool;
    /// An expression statement whose call never returns (`panic`, `os.Exit`, `t.Fatal`, ...).
    fn terminates(&self, statement: Node<'_>) -> bool;
    /// What an `if` condition is known to be on every path where the value is open:
    /// `Some(true)` for `cancel != nil`, `Some(false)` for `cancel == nil` (an open value
    /// is never nil), `None` when it tells nothing. Lets `if cancel != nil { cancel() }`
    /// settle the value.
    fn guards(&self, _condition: Node<'_>) -> Option<bool> {
        None
    }
    /// A `range` clause whose loop never ends by itself, because the channel it ranges
    /// over is never closed (`for range time.Tick(d)`): only a `break` leaves it.
    fn endless_range(&self, _clause: Node<'_>) -> bool {
        false
    }
    /// The value is open when the function starts: what the body owes from its first
    /// statement (a goroutine's `wg.Done()`), rather than from a creating statement.
    fn open_at_entry(&self) -> bool {
        false
    }
    /// A statement that gives the variable a new value of the same sort (a second
    /// span start into the same variable): on a path where the value is still open,
    /// it is lost there, as surely as at a `return`.
    fn overwrites(&self, _node: Node<'_>) -> bool {
        false
    }
}

/// A way out of the function that an unsettled path reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit<'t> {
    /// A `return` statement.
    Return(Node<'t>),
    /// Falling off the end of the body (the node is the body block).
    EndOfBody(Node<'t>),
}

impl<'t> Exit<'t> {
    /// The node to point at: the `return`, or the closing brace of the body.
    pub fn node(&self) -> Node<'t> {
        match self {
            Exit::Return(node) => *node,
            Exit::EndOfBody(body) => {
                let mut cursor = body.walk();
                body.children(&mut cursor).last().unwrap_or(*body)
            }
        }
    }
}

/// The exits of `func` (a function declaration, method or literal) that an unsettled
/// path reaches, in source order; `None` when the walk cannot tell.
pub fn leaking_exits<'t>(
    func: Node<'t>,
    source: &'t str,
    oracle: &dyn PathOracle,
) -> Option<Vec<Exit<'t>>> {
    walk_paths(func, source, oracle).map(|summary| summary.leaks)
}

/// What the walk of one function found.
#[derive(Debug, Default)]
pub struct PathSummary<'t> {
    /// The exits an unsettled path reaches, in source order.
    pub leaks: Vec<Exit<'t>>,
    /// The statements (or initializers, conditions, returns) that settle an open path,
    /// in source order: every place where some path after a creation is settled.
    pub settled_at: Vec<Node<'t>>,
    /// The statements that overwrite the value on a path where it is certainly open
    /// (`PathOracle::overwrites`), in source order.
    pub overwritten: Vec<Node<'t>>,
}

/// Walks `func` once and answers both questions of `PathSummary`; `None` when the walk
/// cannot tell.
pub fn walk_paths<'t>(
    func: Node<'t>,
    source: &'t str,
    oracle: &dyn PathOracle,
) -> Option<PathSummary<'t>> {
    let body = func.field("body")?;
    let mut walk = Walk {
        oracle,
        source,
        leaks: Vec::new(),
        seen: HashSet::new(),
        settled_at: Vec::new(),
        overwritten: Vec::new(),
        targets: Vec::new(),
        pending_label: None,
        gave_up: false,
        depth: 0,
    };
    let entry = if oracle.open_at_entry() {
        State::Open
    } else {
        State::Clean
    };
    let end = walk.statement(body, entry);
    if walk.gave_up {
        return None;
    }
    // A function with results cannot fall off its end in code that compiles.
    let has_results = func.field("result").is_some();
    if end.is_open() && !has_results {
        walk.leaks.push(Exit::EndOfBody(body));
    }
    walk.leaks.sort_by_key(|exit| exit.node().start_byte());
    let mut settled_at = walk.settled_at;
    settled_at.sort_by_key(|node| node.start_byte());
    settled_at.dedup_by_key(|node| node.id());
    let mut overwritten = walk.overwritten;
    overwritten.sort_by_key(|node| node.start_byte());
    overwritten.dedup_by_key(|node| node.id());
    Some(PathSummary {
        leaks: walk.leaks,
        settled_at,
        overwritten,
    })
}

/// Path state, ordered so that joining two paths is `max`.
///
/// Between `Clean` and `Open` sit the paths that got past a conditional settle: an
/// `if` (or a `switch` case) that settles the value and falls through, beside a branch
/// that does not. One such skip is still open (`Skipped`: `if err == nil { cancel() }`
/// and nothing else leaks when `err != nil`). A path that skipped two of them is
/// `Doubtful`: the value was settled under two separate conditions (`if i%2 == 0
/// { cancel() }` ... `if i%2 == 1 { cancel() }`), and whether they cover every case is
/// a question about the conditions that the syntax cannot answer, so it is not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum State {
    Unreachable,
    Clean,
    Doubtful,
    Skipped,
    Open,
}

impl State {
    /// Some path in this state still owes the value: an exit here leaks.
    fn is_open(self) -> bool {
        matches!(self, State::Skipped | State::Open)
    }

    /// The state of the path that bypassed a branch which settled the value.
    fn after_skipping_a_settle(self) -> State {
        match self {
            State::Open => State::Skipped,
            State::Skipped => State::Doubtful,
            other => other,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum TargetKind {
    Loop,
    Other,
}

struct Target<'s> {
    label: Option<&'s str>,
    kind: TargetKind,
    breaks: State,
    continues: State,
}

struct Walk<'o, 't> {
    oracle: &'o dyn PathOracle,
    source: &'t str,
    leaks: Vec<Exit<'t>>,
    seen: HashSet<usize>,
    settled_at: Vec<Node<'t>>,
    overwritten: Vec<Node<'t>>,
    targets: Vec<Target<'t>>,
    pending_label: Option<&'t str>,
    gave_up: bool,
    depth: usize,
}

impl<'t> Walk<'_, 't> {
    fn statements(&mut self, list: &[Node<'t>], mut state: State) -> State {
        for statement in list {
            if state == State::Unreachable || self.gave_up {
                return State::Unreachable;
            }
            state = self.statement(*statement, state);
        }
        state
    }

    /// A simple statement, initializer or condition: may create or settle the value.
    fn simple(&mut self, node: Option<Node<'t>>, state: State) -> State {
        let Some(node) = node else { return state };
        if state == State::Unreachable {
            return state;
        }
        if self.oracle.settles(node) {
            if state > State::Clean {
                self.settled_at.push(node);
            }
            State::Clean
        } else if self.oracle.creates(node) {
            State::Open
        } else if self.oracle.overwrites(node) {
            // Only a path that certainly still holds the value loses it here.
            if state == State::Open {
                self.overwritten.push(node);
                State::Clean
            } else {
                state
            }
        } else {
            state
        }
    }

    fn statement(&mut self, node: Node<'t>, state: State) -> State {
        if state == State::Unreachable || self.gave_up {
            return State::Unreachable;
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.gave_up = true;
        }
        let label = self.pending_label.take();
        let out = match node.kind() {
            kinds::BLOCK => self.statements(&syntax::statements(node), state),
            kinds::IF_STATEMENT => self.if_statement(node, state),
            kinds::FOR_STATEMENT => self.for_statement(node, state, label),
            kinds::EXPRESSION_SWITCH_STATEMENT | kinds::TYPE_SWITCH_STATEMENT => {
                self.switch_statement(node, state, label)
            }
            kinds::SELECT_STATEMENT => self.select_statement(node, state, label),
            kinds::LABELED_STATEMENT => {
                let name = node.field("label").map(|l| syntax::text(l, self.source));
                match syntax::named_children(node)
                    .into_iter()
                    .find(|c| c.kind() != "label_name")
                {
                    Some(inner) => {
                        self.pending_label = name;
                        self.statement(inner, state)
                    }
                    None => state,
                }
            }
            kinds::RETURN_STATEMENT => {
                if state.is_open() {
                    if self.oracle.settles(node) {
                        self.settled_at.push(node);
                    } else if self.seen.insert(node.id()) {
                        self.leaks.push(Exit::Return(node));
                    }
                }
                State::Unreachable
            }
            kinds::BREAK_STATEMENT | kinds::CONTINUE_STATEMENT => {
                self.jump(node, state);
                State::Unreachable
            }
            kinds::GOTO_STATEMENT => {
                self.gave_up = true;
                State::Unreachable
            }
            kinds::EXPRESSION_STATEMENT if self.oracle.terminates(node) => State::Unreachable,
            _ => self.simple(Some(node), state),
        };
        self.depth -= 1;
        out
    }

    fn jump(&mut self, node: Node<'t>, state: State) {
        let is_break = node.kind() == kinds::BREAK_STATEMENT;
        let label = syntax::named_children(node).into_iter().next();
        let index = match label {
            Some(label) => {
                let wanted = syntax::text(label, self.source);
                self.targets.iter().rposition(|t| t.label == Some(wanted))
            }
            None => self
                .targets
                .iter()
                .rposition(|t| is_break || t.kind == TargetKind::Loop),
        };
        let Some(index) = index else {
            self.gave_up = true;
            return;
        };
        let target = &mut self.targets[index];
        if is_break {
            target.breaks = target.breaks.max(state);
        } else if target.kind == TargetKind::Loop {
            target.continues = target.continues.max(state);
        } else {
            self.gave_up = true;
        }
    }

    fn push_target(&mut self, label: Option<&'t str>, kind: TargetKind) {
        self.targets.push(Target {
            label,
            kind,
            breaks: State::Unreachable,
            continues: State::Unreachable,
        });
    }

    fn if_statement(&mut self, node: Node<'t>, state: State) -> State {
        let state = self.simple(node.field("initializer"), state);
        let condition = node.field("condition");
        let state = self.simple(condition, state);
        // On an open path `x != nil` holds, so the branch it rules out sees at most
        // the clean paths.
        let (then_entry, else_entry) = match condition.and_then(|c| self.oracle.guards(c)) {
            Some(true) => (state, state.min(State::Clean)),
            Some(false) => (state.min(State::Clean), state),
            None => (state, state),
        };
        let then = match node.field("consequence") {
            Some(block) => self.statement(block, then_entry),
            None => then_entry,
        };
        let otherwise = match node.field("alternative") {
            Some(alt) => self.statement(alt, else_entry),
            None => else_entry,
        };
        // One branch settled the value and fell through; the other bypassed it. (A
        // branch that was clean on entry settled nothing: it never had the value.)
        let then_settled = then == State::Clean && then_entry.is_open();
        let else_settled = otherwise == State::Clean && else_entry.is_open();
        match (then_settled, else_settled) {
            (true, false) if otherwise.is_open() => otherwise.after_skipping_a_settle(),
            (false, true) if then.is_open() => then.after_skipping_a_settle(),
            _ => then.max(otherwise),
        }
    }

    fn for_statement(&mut self, node: Node<'t>, state: State, label: Option<&'t str>) -> State {
        let clause = syntax::named_children(node)
            .into_iter()
            .find(|c| Some(*c) != node.field("body"));
        let mut entry = state;
        let mut infinite = clause.is_none();
        if let Some(clause) = clause {
            match clause.kind() {
                kinds::FOR_CLAUSE => {
                    entry = self.simple(clause.field("initializer"), entry);
                    entry = self.simple(clause.field("condition"), entry);
                    infinite = clause.field("condition").is_none();
                }
                kinds::RANGE_CLAUSE => {
                    entry = self.simple(Some(clause), entry);
                    infinite = self.oracle.endless_range(clause);
                }
                _ => entry = self.simple(Some(clause), entry),
            }
        }
        let Some(body) = node.field("body") else {
            return entry;
        };
        self.push_target(label, TargetKind::Loop);
        // The body runs with the entry state, then again with whatever an iteration
        // leaves behind; five passes reach the fixpoint of the five-valued lattice.
        let mut head = entry;
        for _ in 0..5 {
            let out = self.statement(body, head);
            let back = out.max(
                self.targets
                    .last()
                    .map_or(State::Unreachable, |t| t.continues),
            );
            let next = head.max(back);
            if next == head {
                break;
            }
            head = next;
        }
        let target = self.targets.pop().expect("pushed above");
        if infinite {
            target.breaks
        } else {
            head.max(target.breaks)
        }
    }

    fn switch_statement(&mut self, node: Node<'t>, state: State, label: Option<&'t str>) -> State {
        let mut state = self.simple(node.field("initializer"), state);
        state = self.simple(node.field("value"), state);
        self.push_target(label, TargetKind::Other);
        let mut out = State::Unreachable;
        let mut carried = State::Unreachable;
        let mut has_default = false;
        let mut settling_cases = 0;
        for case in syntax::named_children(node) {
            if !matches!(
                case.kind(),
                kinds::EXPRESSION_CASE | kinds::TYPE_CASE | kinds::DEFAULT_CASE
            ) {
                continue;
            }
            has_default |= case.kind() == kinds::DEFAULT_CASE;
            let body = case_body(case);
            let end = self.statements(&body, state.max(carried));
            let falls_through = body
                .last()
                .is_some_and(|s| s.kind() == kinds::FALLTHROUGH_STATEMENT);
            if falls_through {
                carried = end;
            } else {
                settling_cases += usize::from(end == State::Clean && state.is_open());
                out = out.max(end);
                carried = State::Unreachable;
            }
        }
        let target = self.targets.pop().expect("pushed above");
        if !has_default {
            // No case matched: the path bypassed every case that settled the value.
            let bypassed = match settling_cases {
                0 => state,
                1 => state.after_skipping_a_settle(),
                _ => state.min(State::Doubtful),
            };
            out = out.max(bypassed);
        }
        out.max(target.breaks)
    }

    fn select_statement(&mut self, node: Node<'t>, state: State, label: Option<&'t str>) -> State {
        self.push_target(label, TargetKind::Other);
        let mut out = State::Unreachable;
        for case in syntax::named_children(node) {
            let entry = match case.kind() {
                kinds::COMMUNICATION_CASE => self.simple(case.field("communication"), state),
                kinds::DEFAULT_CASE => state,
                _ => continue,
            };
            out = out.max(self.statements(&case_body(case), entry));
        }
        let target = self.targets.pop().expect("pushed above");
        out.max(target.breaks)
    }
}

/// The statements of a case clause (not its `case` expressions).
fn case_body(case: Node<'_>) -> Vec<Node<'_>> {
    syntax::named_children(case)
        .into_iter()
        .filter(|c| c.kind() == kinds::STATEMENT_LIST)
        .flat_map(syntax::named_children)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::syntax::test_support::{find, parse};

    /// Tracks `x := open()`; `close(x)` or `defer close(x)` or `keep(x)` settles it.
    struct Opened<'s>(&'s str);

    impl PathOracle for Opened<'_> {
        fn creates(&self, node: Node<'_>) -> bool {
            syntax::text(node, self.0).starts_with("x := open()")
        }
        fn settles(&self, node: Node<'_>) -> bool {
            let text = syntax::text(node, self.0);
            !self.creates(node) && (text.contains("close(x)") || text.contains("keep(x)"))
        }
        fn terminates(&self, statement: Node<'_>) -> bool {
            syntax::text(statement, self.0).starts_with("panic(")
        }
        fn guards(&self, condition: Node<'_>) -> Option<bool> {
            match syntax::text(condition, self.0) {
                "x != nil" => Some(true),
                "x == nil" => Some(false),
                _ => None,
            }
        }
        fn endless_range(&self, clause: Node<'_>) -> bool {
            syntax::text(clause, self.0).contains("forever()")
        }
    }

    /// Lines of the leaking exits of the first function in `body`.
    fn leaks(body: &str) -> Option<Vec<usize>> {
        let src = format!("package p\n\nfunc f(a, b bool) {{\n{body}\n}}\n");
        let tree = parse(&src);
        let func = find(tree.root_node(), kinds::FUNCTION_DECLARATION);
        leaking_exits(func, &src, &Opened(&src)).map(|exits| {
            exits
                .iter()
                .map(|e| e.node().start_position().row + 1)
                .collect()
        })
    }

    /// Owes `close(x)` from the first statement on, as a goroutine owes `wg.Done()`.
    struct OwedFromEntry<'s>(Opened<'s>);

    impl PathOracle for OwedFromEntry<'_> {
        fn creates(&self, node: Node<'_>) -> bool {
            self.0.creates(node)
        }
        fn settles(&self, node: Node<'_>) -> bool {
            self.0.settles(node)
        }
        fn terminates(&self, statement: Node<'_>) -> bool {
            self.0.terminates(statement)
        }
        fn open_at_entry(&self) -> bool {
            true
        }
    }

    #[test]
    fn open_at_entry_owes_from_the_first_statement() {
        let src = "package p\n\nfunc f(a bool) {\nif a { return }\nclose(x)\n}\n";
        let tree = parse(src);
        let func = find(tree.root_node(), kinds::FUNCTION_DECLARATION);
        let lines = |oracle: &dyn PathOracle| -> Vec<usize> {
            leaking_exits(func, src, oracle)
                .unwrap()
                .iter()
                .map(|e| e.node().start_position().row + 1)
                .collect()
        };
        assert_eq!(
            lines(&Opened(src)),
            Vec::<usize>::new(),
            "nothing created, nothing owed"
        );
        assert_eq!(
            lines(&OwedFromEntry(Opened(src))),
            vec![4],
            "the early return skips the close"
        );
    }

    #[test]
    fn deferred_close_covers_every_path() {
        assert_eq!(
            leaks("x := open()\ndefer close(x)\nif a { return }\n"),
            Some(vec![])
        );
    }

    #[test]
    fn early_return_leaks_once() {
        // Line 4 is the creation, line 5 the early return, line 8 the closing brace.
        assert_eq!(
            leaks("x := open()\nif a { return }\nclose(x)\n"),
            Some(vec![5])
        );
        assert_eq!(leaks("x := open()\nif a { return }\n"), Some(vec![5, 7]));
    }

    #[test]
    fn both_branches_must_settle() {
        assert_eq!(
            leaks("x := open()\nif a { close(x) } else { keep(x) }\n"),
            Some(vec![])
        );
        assert_eq!(leaks("x := open()\nif a { close(x) }\n"), Some(vec![7]));
    }

    #[test]
    fn settled_under_two_separate_conditions_is_not_judged() {
        // `if i%2 == 0 { cancel() }` ... `if i%2 == 1 { cancel() }`: the conditions may
        // cover every case; the syntax cannot tell.
        let body = "x := open()\nif a { close(x) }\nwork()\nif b { close(x) }\n";
        assert_eq!(leaks(body), Some(vec![]));
        let body = "x := open()\nif a { close(x) } else if b { close(x) }\n";
        assert_eq!(leaks(body), Some(vec![]));
        // A branch that returns is not a settle that falls through: still one skip.
        let body = "x := open()\nif a { close(x); return }\nif b { close(x) }\nreturn\n";
        assert_eq!(leaks(body), Some(vec![7]));
        // A value created in one branch only is owed on that branch alone.
        let body = "if a { x := open() }\nif b { close(x) }\n";
        assert_eq!(leaks(body), Some(vec![7]));
        // A new value after the first skip owes again from scratch.
        let body = "x := open()\nif a { close(x) }\nx := open()\nif b { close(x) }\n";
        assert_eq!(leaks(body), Some(vec![9]));
    }

    #[test]
    fn switch_without_default_leaks_through_the_missing_case() {
        let body = "x := open()\nswitch {\ncase a:\n\tclose(x)\ncase b:\n\tlog(x)\n}\n";
        assert_eq!(leaks(body), Some(vec![12]));
        // Settled under two conditions: whether they cover every case is not syntax.
        let body = "x := open()\nswitch {\ncase a:\n\tclose(x)\ncase b:\n\tclose(x)\n}\n";
        assert_eq!(leaks(body), Some(vec![]));
        let body = "x := open()\nswitch {\ncase a:\n\tclose(x)\ndefault:\n\tclose(x)\n}\n";
        assert_eq!(leaks(body), Some(vec![]));
        let body = "x := open()\nswitch {\ncase a:\n\tfallthrough\ndefault:\n\tclose(x)\n}\n";
        assert_eq!(leaks(body), Some(vec![]));
    }

    #[test]
    fn panic_paths_need_nothing() {
        assert_eq!(
            leaks("x := open()\nif a { panic(1) }\nclose(x)\n"),
            Some(vec![])
        );
    }

    #[test]
    fn loops_and_labels() {
        // An endless loop left only by a settled break.
        assert_eq!(
            leaks("x := open()\nfor {\nif a { close(x); break }\n}\n"),
            Some(vec![])
        );
        // A return inside the loop before the value is settled.
        assert_eq!(
            leaks("x := open()\nfor b {\nif a { return }\n}\nclose(x)\n"),
            Some(vec![6])
        );
        // A labelled break out of the inner loop skips the close.
        let body = "x := open()\nouter:\nfor {\nfor {\nbreak outer\n}\nclose(x)\nreturn\n}\n";
        assert_eq!(leaks(body), Some(vec![14]));
        // Created in the loop, settled on the next line: clean.
        assert_eq!(leaks("for b {\nx := open()\nclose(x)\n}\n"), Some(vec![]));
    }

    /// Lines of the statements where an open path of the first function in `body` is settled.
    fn settled(body: &str) -> Vec<usize> {
        let src = format!("package p\n\nfunc f(a, b bool) {{\n{body}\n}}\n");
        let tree = parse(&src);
        let func = find(tree.root_node(), kinds::FUNCTION_DECLARATION);
        walk_paths(func, &src, &Opened(&src))
            .unwrap()
            .settled_at
            .iter()
            .map(|n| n.start_position().row + 1)
            .collect()
    }

    #[test]
    fn settling_places_are_those_an_open_path_reaches() {
        // Settled before the creation: not listed; after it, on both branches: both listed.
        assert_eq!(
            settled("keep(x)\nx := open()\nif a { close(x) } else { keep(x) }\n"),
            vec![6, 6]
        );
        // A loop that may run zero times still reaches its body's close on some path.
        assert_eq!(settled("x := open()\nfor b {\nclose(x)\n}\n"), vec![6]);
        // A settling return counts; a branch skipped by the return does not.
        assert_eq!(
            settled("x := open()\nif a { return keep(x) }\nreturn\n"),
            vec![5]
        );
    }

    #[test]
    fn nil_checks_follow_the_open_value() {
        // An open value is never nil: the guarded close settles every open path.
        assert_eq!(
            leaks("x := open()\nif x != nil { close(x) }\n"),
            Some(vec![])
        );
        assert_eq!(
            leaks("x := open()\nif x == nil { return } else { close(x) }\n"),
            Some(vec![])
        );
        // Created on one path only, closed under the guard: clean.
        assert_eq!(
            leaks("if a { x := open() }\nif x != nil { close(x) }\n"),
            Some(vec![])
        );
        // Any other condition tells nothing.
        assert_eq!(
            leaks("x := open()\nif b && x != nil { close(x) }\n"),
            Some(vec![7])
        );
    }

    #[test]
    fn endless_ranges_are_left_only_by_break_or_return() {
        // A range over a channel that never closes: the end of the body is unreachable.
        assert_eq!(
            leaks("x := open()\nfor range forever() {\n}\n"),
            Some(vec![])
        );
        assert_eq!(
            leaks("x := open()\nfor range forever() {\nif a { break }\n}\n"),
            Some(vec![9])
        );
        assert_eq!(
            leaks("for range forever() {\nx := open()\nif a { return }\n}\n"),
            Some(vec![6])
        );
        // Any other range ends by itself.
        assert_eq!(
            leaks("x := open()\nfor range items() {\n}\n"),
            Some(vec![8])
        );
    }

    #[test]
    fn select_cases_and_goto() {
        let body =
            "x := open()\nselect {\ncase <-c:\n\tclose(x)\ncase <-d:\n\treturn\n}\nclose(x)\n";
        assert_eq!(leaks(body), Some(vec![9]));
        assert_eq!(leaks("x := open()\ngoto end\nend:\nclose(x)\n"), None);
    }
}
