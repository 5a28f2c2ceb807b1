package io.verdict.esql.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.verdict.esql.ast.Command;
import io.verdict.esql.ast.Expr;
import io.verdict.esql.ast.Query;
import io.verdict.esql.parser.EsqlCorpus;
import io.verdict.esql.parser.EsqlParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every LIKE, RLIKE, DISSECT and GROK pattern written in the corpus's ES|QL rules compiles. */
class CorpusTextPatternsTest {

    @Test
    void everyCorpusTextPatternCompiles() {
        List<String> failures = new ArrayList<>();
        int[] counts = new int[4];
        for (EsqlCorpus.Rule rule : EsqlCorpus.rules()) {
            Query query = EsqlParser.parse(rule.query());
            for (Command command : query.commands()) {
                try {
                    if (command instanceof Command.Grok grok) {
                        Grok.compile(grok.patterns().stream()
                                .map(p -> (String) p.value())
                                .collect(Collectors.toList()));
                        counts[2]++;
                    } else if (command instanceof Command.Dissect dissect) {
                        Dissect.compile((String) dissect.pattern().value(), dissect.appendSeparator());
                        counts[3]++;
                    }
                } catch (IllegalArgumentException e) {
                    failures.add(rule.file() + ": " + e.getMessage());
                }
                for (Expr expr : expressions(command)) {
                    forEachLike(expr, like -> {
                        for (Expr pattern : like.patterns()) {
                            if (pattern instanceof Expr.Literal literal && literal.value() instanceof String text) {
                                try {
                                    if (like.regex()) {
                                        RlikePattern.compile(text);
                                        counts[1]++;
                                    } else {
                                        LikePattern.compile(text);
                                        counts[0]++;
                                    }
                                } catch (IllegalArgumentException e) {
                                    failures.add(rule.file() + ": " + e.getMessage());
                                }
                            }
                        }
                    });
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        System.out.printf(
                "corpus patterns compiled: LIKE %d, RLIKE %d, GROK %d, DISSECT %d%n",
                counts[0], counts[1], counts[2], counts[3]);
        assertEquals(31, counts[2]);
        assertEquals(15, counts[3]);
        assertTrue(counts[0] >= 500 && counts[1] >= 90, counts[0] + " LIKE, " + counts[1] + " RLIKE");
    }

    private static List<Expr> expressions(Command command) {
        List<Expr> out = new ArrayList<>();
        if (command instanceof Command.Where w) {
            out.add(w.condition());
        } else if (command instanceof Command.Eval e) {
            e.fields().forEach(f -> out.add(f.expr()));
        } else if (command instanceof Command.Row r) {
            r.fields().forEach(f -> out.add(f.expr()));
        } else if (command instanceof Command.Stats s) {
            s.aggregates().forEach(a -> {
                out.add(a.expr());
                if (a.filter() != null) {
                    out.add(a.filter());
                }
            });
            s.groups().forEach(f -> out.add(f.expr()));
        } else if (command instanceof Command.Sort s) {
            s.orders().forEach(o -> out.add(o.expr()));
        }
        return out;
    }

    private static void forEachLike(Expr root, java.util.function.Consumer<Expr.Like> action) {
        Deque<Expr> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Expr e = stack.pop();
            if (e instanceof Expr.Like like) {
                action.accept(like);
                stack.push(like.value());
            } else if (e instanceof Expr.Binary b) {
                stack.push(b.left());
                stack.push(b.right());
            } else if (e instanceof Expr.Unary u) {
                stack.push(u.operand());
            } else if (e instanceof Expr.Call c) {
                c.args().forEach(stack::push);
            } else if (e instanceof Expr.In i) {
                stack.push(i.value());
                i.list().forEach(stack::push);
            } else if (e instanceof Expr.IsNull n) {
                stack.push(n.value());
            } else if (e instanceof Expr.Cast c) {
                stack.push(c.value());
            }
        }
    }
}
