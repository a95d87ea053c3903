package io.github.oneclick.marketplace.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PrerequisitesTest {

    @Test
    void everythingThere_isMet() {
        Prerequisites prerequisites =
                Prerequisites.check(true, tool -> true, path -> true, true, "http://deb.debian.org/debian");

        assertThat(prerequisites.met()).isTrue();
    }

    @Test
    void missingRootAndTools_sayWhatToInstall() {
        Set<String> absent = Set.of("debootstrap", "mkfs.ext4", "ip");

        Prerequisites prerequisites = Prerequisites.check(
                false, tool -> !absent.contains(tool), path -> true, true, "http://deb.debian.org/debian");

        assertThat(prerequisites.met()).isFalse();
        assertThat(prerequisites.reason())
                .isEqualTo("The real-Linux tests need root (they create loop devices,"
                        + " namespaces and network links); the tools debootstrap, ip, mkfs.ext4. Install them with:"
                        + " apt-get install -y debootstrap e2fsprogs iproute2.");
    }

    @Test
    void unreachableMirrorAndNoLoopDevices_areNamed() {
        Prerequisites prerequisites = Prerequisites.check(
                true,
                tool -> true,
                path -> !path.toString().equals("/dev/loop-control"),
                false,
                "http://deb.debian.org/debian");

        assertThat(prerequisites.reason())
                .isEqualTo("The real-Linux tests need kernel support for"
                        + " /dev/loop-control; access to the Debian mirror http://deb.debian.org/debian (needed once, to build"
                        + " the cached image).");
    }
}
