package io.github.oneclick.marketplace.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostStateTest {

    @Test
    void unchangedMachine_hasNoDifferences(@TempDir Path dir) throws Exception {
        Path marker = Files.writeString(dir.resolve("marker"), "kept\n");

        HostState before = HostState.capture(List.of(marker));
        HostState after = HostState.capture(List.of(marker));

        assertThat(before.differences(after)).isEmpty();
    }

    @Test
    void truncatedOrDeletedMarkers_areDifferences(@TempDir Path dir) throws Exception {
        Path truncated = Files.writeString(dir.resolve("app.log"), "a log line\n");
        Path deleted = Files.writeString(dir.resolve("app.log.1"), "rotated\n");
        HostState before = HostState.capture(List.of(truncated, deleted));

        Files.writeString(truncated, "");
        Files.delete(deleted);
        HostState after = HostState.capture(List.of(truncated, deleted));

        assertThat(before.differences(after))
                .hasSize(2)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("marker " + deleted + ": sha256 ")
                        .endsWith(" -> absent"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("marker " + truncated + ": sha256 ")
                        .endsWith(", 0 bytes"));
    }
}
