package io.faultline.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import io.faultline.api.Family;
import io.faultline.api.FaultDispatcher;
import io.faultline.api.PageRequest;
import io.faultline.api.PageRequestGroup;
import io.faultline.api.PageRequestScope;
import io.faultline.api.PageResponder;
import io.faultline.api.PageResponse;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Handlers that take a {@link PageRequestGroup} or a {@link PageResponder}: the generated
 * {@code dispatchPageRequest(last, scope)}, its exact source, and what it does against a scope that
 * behaves as the router's does (the router itself is in runtime, which depends on this module).
 */
class DeferredDispatcherTest {
    private static final String PRI = "drivers/com/acme/PriDriver.java";

    @Test
    void priDriverSourceEqualsGoldenFile() {
        Compilation c = Sources.compiler().withOptions("-Xlint:all", "-Werror").compile(Sources.resource(PRI));
        assertThat(c).succeededWithoutWarnings();
        String actual = Sources.generated(c, "com.acme.PriDriver_FaultDispatcher");
        Sources.updateGoldenIfAsked("PriDriver_FaultDispatcher.java", actual);
        assertEquals(Sources.readResource("golden/PriDriver_FaultDispatcher.java"), actual);
    }

    @Test
    void deferringHandlerGetsTheScopesResponderAndGroupAndAnswersOnceFromAnotherThread() throws Exception {
        Golden g = golden();
        PageRequest last = request(Stage.PTE, 5, true, true);
        PageRequestGroup group = PageRequestGroup.of(List.of(request(Stage.PTE, 5, true, false),
                request(Stage.PTE, 5, true, false), last));
        FakeScope scope = new FakeScope(group, last);

        assertTrue(g.dispatcher.usesPageRequestScope(), "a driver with a deferring handler needs the scope");
        assertNull(g.dispatcher.dispatchPageRequest(last, scope), "a deferring branch returns null");
        assertEquals(1, scope.defers, "defer() called once: the router reads that as DEFERRED, not NO_HANDLER");
        assertSame(scope.responder, g.field("pending"), "the scope's responder was passed");
        assertSame(group, g.groups().get(0), "the scope's group was passed");
        assertEquals(List.of("onSvaFault 5"), g.calls());
        assertTrue(scope.responder.answers.isEmpty(), "nothing answered yet");

        PageResponder pending = (PageResponder) g.field("pending");
        Thread worker = new Thread(() -> pending.respond(PageResponse.SUCCESS));
        worker.start();
        worker.join();
        assertFalse(pending.respond(PageResponse.FAILURE), "a second answer is refused");
        assertEquals(List.of(PageResponse.SUCCESS), scope.responder.answers, "exactly one answer sent");
    }

    @Test
    void deferringHandlerWithoutSelectorDefersToo() throws Exception {
        Golden g = golden();
        PageRequest last = request(Stage.PASID, 2, false, true);
        FakeScope scope = new FakeScope(PageRequestGroup.of(last), last);
        assertNull(g.dispatcher.dispatchPageRequest(last, scope));
        assertEquals(1, scope.defers);
        assertEquals(0, scope.groups, "onPasidFault takes no group: none built");
        assertSame(scope.responder, g.field("pending"));
        assertEquals(List.of("onPasidFault"), g.calls());
    }

    @Test
    void synchronousHandlersOfAScopedDriverReturnTheirAnswerAndNeverDefer() throws Exception {
        Golden g = golden();
        PageRequest pgd = request(Stage.PGD, 3, true, true);
        PageRequestGroup group = PageRequestGroup.of(List.of(request(Stage.PGD, 3, true, false), pgd));
        FakeScope scope = new FakeScope(group, pgd);
        assertEquals(PageResponse.SUCCESS, g.dispatcher.dispatchPageRequest(pgd, scope));
        assertSame(group, g.groups().get(0), "the group handler got the scope's group");

        PageRequest kernel = request(Stage.PTE, 4, false, true); // no PASID: onSvaFault's selector fails
        assertEquals(PageResponse.INVALID, g.dispatcher.dispatchPageRequest(kernel, scope));
        assertEquals(PageResponse.INVALID, g.dispatcher.dispatchPageRequest(request(Stage.NONE, 6, true, true), scope));
        assertEquals(0, scope.defers, "no synchronous handler defers");
        assertEquals(1, scope.groups, "only the group handler asked for the group");
        assertEquals(List.of("onTableGroup 2", "onPageRequest 4", "onPageRequest 6"), g.calls());
    }

    @Test
    void plainDispatchCannotDeferAndSaysWhyButStillRunsSynchronousHandlers() throws Exception {
        Golden g = golden();
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> g.dispatcher.dispatchPageRequest(request(Stage.PTE, 1, true, true)));
        assertTrue(e.getMessage().startsWith("PriDriver.onSvaFault answers through a PageResponder"), e.getMessage());
        assertTrue(e.getMessage().contains("FaultRouter"), e.getMessage());
        e = assertThrows(UnsupportedOperationException.class,
                () -> g.dispatcher.dispatchPageRequest(request(Stage.PASID, 1, true, true)));
        assertTrue(e.getMessage().startsWith("PriDriver.onPasidFault "), e.getMessage());
        assertEquals(List.of(), g.calls(), "the deferring handlers did not run");

        PageRequest pgd = request(Stage.PGD, 8, true, true);
        assertEquals(PageResponse.SUCCESS, g.dispatcher.dispatchPageRequest(pgd));
        assertEquals(List.of(pgd), g.groups().get(0).requests(), "a plain caller's request is a group of one");
        assertEquals(PageResponse.INVALID, g.dispatcher.dispatchPageRequest(request(Stage.PTE, 9, false, true)));
        assertEquals(List.of("onTableGroup 1", "onPageRequest 9"), g.calls());
    }

    @Test
    void synchronousOnlyDriversSayTheyUseNoScopeAndKeepTheDefaultScopedMethod() throws Exception {
        Compilation c = Sources.compile(Sources.resource("drivers/com/acme/NicDriver.java"));
        assertFalse(Sources.generated(c, "com.acme.NicDriver_FaultDispatcher").contains("PageRequestScope scope"));
        FaultDispatcher<?> d = GeneratedDispatcherTest.dispatcherOf(c, "com.acme.NicDriver");
        assertFalse(d.usesPageRequestScope(), "lets the router skip the scope");
        PageRequest last = request(Stage.PTE, 7, false, true);
        FakeScope scope = new FakeScope(PageRequestGroup.of(last), last);
        assertEquals(PageResponse.SUCCESS, d.dispatchPageRequest(last, scope));
        assertEquals(0, scope.defers + scope.groups, "the inherited default never touches the scope");
    }

    /** The checked-in golden dispatcher compiled next to the driver without the processor: what is checked in runs. */
    private static Golden golden() throws Exception {
        Compilation c = Sources.compilerWithoutProcessor().compile(Sources.resource(PRI),
                Sources.resource("golden/PriDriver_FaultDispatcher.java"));
        assertThat(c).succeededWithoutWarnings();
        ClassLoader loader = Sources.classLoader(c);
        Object driver = loader.loadClass("com.acme.PriDriver").getConstructor().newInstance();
        FaultDispatcher<?> dispatcher = (FaultDispatcher<?>) loader.loadClass("com.acme.PriDriver_FaultDispatcher")
                .getMethod("of", driver.getClass()).invoke(null, driver);
        return new Golden(driver, dispatcher);
    }

    private record Golden(Object driver, FaultDispatcher<?> dispatcher) {
        Object field(String name) throws ReflectiveOperationException {
            return driver.getClass().getField(name).get(driver);
        }

        @SuppressWarnings("unchecked")
        List<String> calls() throws ReflectiveOperationException {
            return (List<String>) field("calls");
        }

        @SuppressWarnings("unchecked")
        List<PageRequestGroup> groups() throws ReflectiveOperationException {
            return (List<PageRequestGroup>) field("groups");
        }
    }

    private static PageRequest request(Stage stage, int group, boolean pasid, boolean last) {
        PageRequest.Builder b = PageRequest.builder(Family.SYNTHETIC).stage(stage).groupIndex(group).lastInGroup(last);
        return pasid ? b.pasid(1).build() : b.build();
    }

    /** A scope as the router's: the group and one one-shot responder, each counted when asked for. */
    private static final class FakeScope implements PageRequestScope {
        final PageRequestGroup group;
        final OneShot responder;
        int groups;
        int defers;

        FakeScope(PageRequestGroup group, PageRequest last) {
            this.group = group;
            this.responder = new OneShot(last);
        }

        @Override
        public PageRequestGroup group() {
            groups++;
            return group;
        }

        @Override
        public PageResponder defer() {
            defers++;
            return responder;
        }
    }

    /** Records every answer it sends; sends only the first. */
    private static final class OneShot implements PageResponder {
        final PageRequest last;
        final List<PageResponse> answers = new ArrayList<>();

        OneShot(PageRequest last) {
            this.last = last;
        }

        @Override
        public PageRequest request() {
            return last;
        }

        @Override
        public synchronized boolean respond(PageResponse response) {
            if (!answers.isEmpty()) {
                return false;
            }
            answers.add(response);
            return true;
        }

        @Override
        public synchronized boolean isAnswered() {
            return !answers.isEmpty();
        }
    }
}
