package io.github.oneclick.sandbox;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a running {@link Sandbox} on a {@link ManualClock}: one per test class, reset before
 * every test to the scenario named by {@link SandboxScenario} (default {@code demo}) with the clock
 * back at {@link ManualClock#DEFAULT_START}.
 *
 * <pre>{@code
 * @ExtendWith(SandboxExtension.class)
 * class ReleaseTest {
 *   @Test
 *   @SandboxScenario("app-pending")
 *   void refusesWhilePending(Sandbox sandbox) { ... }
 * }
 * }</pre>
 */
public final class SandboxExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SandboxExtension.class);

    /** Closes the sandbox when the test class is done. */
    private record Holder(Sandbox sandbox) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            sandbox.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Sandbox sandbox = sandbox(context);
        sandbox.manualClock().set(ManualClock.DEFAULT_START);
        sandbox.reset(scenario(context));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Sandbox.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        return sandbox(context);
    }

    private static Sandbox sandbox(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "sandbox",
                        k -> new Holder(
                                Sandbox.builder().clock(new ManualClock()).start()),
                        Holder.class)
                .sandbox();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static String scenario(ExtensionContext context) {
        return annotation(context.getTestMethod().map(m -> (AnnotatedElement) m))
                .or(() -> annotation(context.getTestClass().map(c -> (AnnotatedElement) c)))
                .orElse(Scenarios.DEMO);
    }

    private static Optional<String> annotation(Optional<AnnotatedElement> element) {
        return element.map(e -> e.getAnnotation(SandboxScenario.class)).map(SandboxScenario::value);
    }
}
