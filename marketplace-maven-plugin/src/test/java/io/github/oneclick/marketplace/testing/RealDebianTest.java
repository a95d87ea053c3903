package io.github.oneclick.marketplace.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class RealDebianTest {
    private static final Prerequisites NO_DEBOOTSTRAP =
            new Prerequisites(List.of("the tools debootstrap"), Set.of("debootstrap"));

    @Test
    void missingPrerequisite_skipsTheTestsWithTheReason() {
        RealDebian debian = new RealDebian(DebianImage.bookworm(), Map.of(), image -> NO_DEBOOTSTRAP);

        assertThatThrownBy(debian::requirePrerequisites)
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("Skipping: The real-Linux tests need the tools debootstrap. Install them with: apt-get"
                        + " install -y debootstrap.");
    }

    @Test
    void missingPrerequisiteOnCi_failsWithWhatToInstall() {
        RealDebian debian = new RealDebian(DebianImage.bookworm(), Map.of("CI", "true"), image -> NO_DEBOOTSTRAP);

        assertThatThrownBy(debian::requirePrerequisites)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("The real-Linux tests need the tools debootstrap. Install them with: apt-get install -y"
                        + " debootstrap. They are required under CI=true.");
    }

    @Test
    void everythingThere_runsTheTestsOnCiToo() {
        RealDebian debian = new RealDebian(
                DebianImage.bookworm(), Map.of("CI", "true"), image -> new Prerequisites(List.of(), Set.of()));

        assertThatCode(debian::requirePrerequisites).doesNotThrowAnyException();
    }
}
