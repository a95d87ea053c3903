package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.oneclick.vendor.model.DropletCreateRequest;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A droplet create request is checked field by field as it is built, with a message naming the field. */
class DropletCreateRequestTest {

    private static DropletCreateRequest.Builder valid() {
        return DropletCreateRequest.builder()
                .name("app-build")
                .region("nyc3")
                .size("s-1vcpu-1gb")
                .image("ubuntu-24-04-x64")
                .runTag("run:42");
    }

    private static InvalidSettingException refusal(UnaryOperator<DropletCreateRequest.Builder> change) {
        return catchThrowableOfType(
                InvalidSettingException.class, () -> change.apply(valid()).build());
    }

    @Test
    void monitoringIpv6AndBackupsAreOffUnlessAskedForAndTheRunTagIsAmongTheTags() {
        DropletCreateRequest request = valid().tag("app").tag("run:42").build();

        assertThat(request.monitoring()).isFalse();
        assertThat(request.ipv6()).isFalse();
        assertThat(request.backups()).isFalse();
        assertThat(request.vpcUuid()).isNull();
        assertThat(request.tags()).containsExactly("app", "run:42");
        assertThat(request.sshKeys()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app_build", "app build", "app/build", "ápp", "app:build"})
    void aNameWithCharactersDigitalOceanDoesNotAllowIsRefused(String name) {
        InvalidSettingException e = refusal(b -> b.name(name));

        assertThat(e.settings()).containsExactly("name");
        assertThat(e.getMessage()).startsWith("name '").contains("a-z A-Z", "0-9", "'.' and '-'");
    }

    @Test
    void nameRegionSizeImageAndRunTagAreRequired() {
        assertThat(catchThrowableOfType(
                                InvalidSettingException.class,
                                () -> DropletCreateRequest.builder().build())
                        .settings())
                .containsExactly("name");
        assertThat(catchThrowableOfType(
                                InvalidSettingException.class,
                                () -> DropletCreateRequest.builder()
                                        .name("a")
                                        .region("nyc3")
                                        .size("s-1vcpu-1gb")
                                        .image("ubuntu-24-04-x64")
                                        .build())
                        .getMessage())
                .startsWith("runTag is required")
                .contains("unclear create", "instead of creating a second droplet");
        assertThat(refusal(b -> b.region(" ")).settings()).containsExactly("region");
        assertThat(refusal(b -> b.size(null)).settings()).containsExactly("size");
        assertThat(refusal(b -> b.image("")).settings()).containsExactly("image");
    }

    @Test
    void regionSizeAndImageMustBeSlugsOrAnImageId() {
        assertThat(refusal(b -> b.region("NYC3")).getMessage()).startsWith("region 'NYC3' is not a region slug");
        assertThat(refusal(b -> b.size("s 1vcpu")).settings()).containsExactly("size");
        assertThat(refusal(b -> b.image("../images")).getMessage())
                .startsWith("image '../images' is neither an image slug nor an image id");
        assertThat(refusal(b -> b.image(0L)).settings()).containsExactly("image");
        assertThat(valid().image(171234567L).build().imageIsId()).isTrue();
        assertThat(valid().build().imageIsId()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"build key", "3b:16:bf", "0", "ssh-ed25519 AAAA"})
    void anSshKeyMustBeAnIdOrAnMd5Fingerprint(String key) {
        InvalidSettingException e = refusal(b -> b.sshKey(key));

        assertThat(e.settings()).containsExactly("sshKeys");
        assertThat(e.getMessage()).contains("SshKey.fingerprintOf");
    }

    @Test
    void userDataUpTo64KiBIsAcceptedAndOneByteMoreIsRefused() {
        String limit = "#".repeat(DropletCreateRequest.MAX_USER_DATA_BYTES);

        assertThat(valid().userData(limit).build().userData()).hasSize(65536);
        InvalidSettingException e = refusal(b -> b.userData(limit + "é"));
        assertThat(e.settings()).containsExactly("userData");
        assertThat(e.getMessage()).startsWith("userData is 65538 bytes, more than the 65536 bytes (64 KiB)");
    }

    @Test
    void tagsAllowLettersDigitsUnderscoreColonDotAndDashUpTo255Characters() {
        assertThat(valid().tags(List.of("env:prod", "a_b.c-d", "x".repeat(255)))
                        .build()
                        .tags())
                .hasSize(4);
        assertThat(refusal(b -> b.tag("has space")).getMessage())
                .startsWith("tags entry 'has space' has characters DigitalOcean does not allow");
        assertThat(refusal(b -> b.tag("x".repeat(256))).getMessage())
                .startsWith("tags entry of 256 characters is longer than the 255");
        assertThat(refusal(b -> b.runTag("run/42")).settings()).containsExactly("runTag");
    }

    @Test
    void aVpcMustBeAUuid() {
        assertThat(refusal(b -> b.vpcUuid("default")).settings()).containsExactly("vpcUuid");
        assertThat(valid().vpcUuid("760e09ef-dc84-11e8-981e-3cfdfeaae000")
                        .build()
                        .vpcUuid())
                .isEqualTo("760e09ef-dc84-11e8-981e-3cfdfeaae000");
    }

    @Test
    void theCanonicalConstructorChecksLikeTheBuilder() {
        InvalidSettingException e = catchThrowableOfType(
                InvalidSettingException.class,
                () -> new DropletCreateRequest(
                        "app",
                        "nyc3",
                        "s-1vcpu-1gb",
                        "ubuntu-24-04-x64",
                        null,
                        null,
                        null,
                        "run 42",
                        false,
                        false,
                        false,
                        null));

        assertThat(e.settings()).containsExactly("runTag");
    }

    @Test
    void toStringLeavesTheUserDataOut() {
        DropletCreateRequest request =
                valid().userData("#cloud-config\npassword: hunter2\n").build();

        assertThat(request.toString()).doesNotContain("hunter2").contains("userData=32 chars");
    }
}
