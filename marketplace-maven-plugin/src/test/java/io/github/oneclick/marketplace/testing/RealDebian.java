package io.github.oneclick.marketplace.testing;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 fixture: a disposable real Debian system per test, reachable over real OpenSSH, for the tests that need a
 * real operating system (the cleanup with its package upgrade and zero-fill, provisioning scripts).
 *
 * <pre>
 * &#64;RegisterExtension
 * static final RealDebian DEBIAN = RealDebian.bookworm();
 *
 * &#64;Test
 * void probe(DebianSystem system) { ... SshMachine to system.host(), system.privateKey(), system.knownHosts() ... }
 * </pre>
 *
 * <p><b>The system.</b> A Debian root filesystem made with {@code debootstrap} (minbase) from Debian's mirror,
 * updated from the suite's updates and security archives, with {@link DebianImage#DROPLET_PACKAGES} (OpenSSH
 * server, cloud-init, ufw, sudo, ...), in a 2 GiB sparse ext4 image. The image is built once into
 * {@link DebianImage#DEFAULT_CACHE} (a few minutes, with progress on standard output) under a name keyed by its
 * inputs; each {@link DebianSystem} boots a fresh sparse copy, loop-mounted, so every test starts pristine and a
 * zero-fill fills only that copy. Boot: root's {@code authorized_keys} gets the test's key, host keys are generated,
 * {@code sshd} runs as PID 1. No init system runs: systemd's units and daemons (and so an active firewall service)
 * are not there, package upgrades start no daemons ({@code policy-rc.d}).
 *
 * <p><b>Isolation.</b> Nothing run inside may touch this machine (CI runs the tests as root on it). sshd, and so
 * every command a test runs over SSH or with {@link DebianSystem#exec}, lives in fresh mount, PID, UTS and IPC
 * namespaces and in a network namespace of its own whose only link is a veth pair to the host (private
 * {@code 10.213.0.0/16} addresses). The root is switched with {@code pivot_root} and the host's root detached; /proc,
 * /sys, /dev and /run are fresh instances, the machine-wide parts of /proc read-only; no host directory is
 * bind-mounted. The capabilities that act beyond namespaces (mounting, device nodes, modules, raw I/O, clock,
 * reboot, BPF) are dropped from the bounding set, so {@code mount}, {@code mknod} and {@code hostname} fail inside;
 * the system's own firewall ({@code ufw enable}) and network settings work and stay in its namespace. The only way
 * out is an HTTP proxy on the host's end of the veth that serves the Debian mirror and nothing else, so apt works and
 * the host's firewall and routing stay untouched.
 *
 * <p><b>Clean-up.</b> {@link DebianSystem#close()} (after each test, and from a JVM shutdown hook) kills the
 * namespace's processes and removes the namespace, the link and the loop device, then the copy. Names carry the prefix
 * {@code ocmp} (run directories {@code run/ocmp-<n>} under the cache, network namespaces {@code ocmp-<n>}, links
 * {@code ocmp<n>h}); whatever a killed JVM left behind is removed before the next system starts.
 *
 * <p><b>Skipping.</b> Without root, the tools ({@code debootstrap}, {@code e2fsprogs}, {@code iproute2},
 * {@code util-linux}, {@code openssh-client}), kernel support, or (while the cache is empty) the mirror, the tests
 * are skipped with the reason printed; under {@code CI=true} they fail with what to install instead.
 */
public final class RealDebian implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealDebian.class);

    private final DebianImage image;
    private final Map<String, String> environment;
    private final Function<DebianImage, Prerequisites> prerequisites;

    RealDebian(DebianImage image, Map<String, String> environment, Function<DebianImage, Prerequisites> prerequisites) {
        this.image = Objects.requireNonNull(image, "image");
        this.environment = Map.copyOf(environment);
        this.prerequisites = Objects.requireNonNull(prerequisites, "prerequisites");
    }

    /** Debian 12 systems from {@link DebianImage#bookworm()}. */
    public static RealDebian bookworm() {
        return of(DebianImage.bookworm());
    }

    public static RealDebian of(DebianImage image) {
        return new RealDebian(image, System.getenv(), Prerequisites::check);
    }

    public DebianImage image() {
        return image;
    }

    /** Checks the prerequisites (skipping or, on CI, failing) and builds the image when the cache has none. */
    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        requirePrerequisites();
        image.ensureBuilt(System.out::println);
    }

    /** Boots a fresh system; the caller closes it. */
    public DebianSystem start() throws IOException {
        requirePrerequisites();
        return DebianSystem.boot(image, System.out::println);
    }

    /** Returns when the machine has what the systems need; otherwise skips the test, or fails it under CI=true. */
    void requirePrerequisites() {
        Prerequisites found = prerequisites.apply(image);
        if (found.met()) {
            return;
        }
        if ("true".equals(environment.get("CI"))) {
            throw new IllegalStateException(found.reason() + " They are required under CI=true.");
        }
        String reason = "Skipping: " + found.reason();
        System.out.println(reason);
        Assumptions.abort(reason);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == DebianSystem.class;
    }

    /** A fresh system for the test method (or, as a {@code @BeforeAll} parameter, for the class), closed after it. */
    @Override
    public DebianSystem resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            DebianSystem system = start();
            context.getStore(NAMESPACE).put(parameter.getIndex(), system);
            return system;
        } catch (IOException e) {
            throw new ParameterResolutionException("Could not boot a Debian system: " + e.getMessage(), e);
        }
    }
}
