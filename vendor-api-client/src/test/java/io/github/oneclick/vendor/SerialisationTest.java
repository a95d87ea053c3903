package io.github.oneclick.vendor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.oneclick.vendor.model.AppUpdate;
import io.github.oneclick.vendor.model.Software;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vendor Portal update body as it goes over the wire: a null keeps the listing's value and is left out; a blank
 * string or an empty array clears it and is sent as given; {@code imageId} is a JSON number.
 */
class SerialisationTest extends MockServerTest {
    private static final String APP_ID = "60089fc6d333037bffa70d9b";

    @Test
    void onlyTheImageIdIsSentWhenNothingElseIsSet() throws Exception {
        assertThat(sent(AppUpdate.builder().imageId(413639).build())).isEqualTo("{\"imageId\":413639}");
    }

    @Test
    void imageIdIsAJsonNumberEvenBeyondTheIntRange() throws Exception {
        String body = sent(AppUpdate.builder().imageId(171234567890L).build());

        JsonNode imageId = DigitalOceanClient.objectMapper().readTree(body).get("imageId");
        assertThat(imageId.isIntegralNumber()).isTrue();
        assertThat(imageId.asLong()).isEqualTo(171234567890L);
        assertThat(body).isEqualTo("{\"imageId\":171234567890}");
    }

    @Test
    void nullFieldsAreLeftOutSoTheListingKeepsItsValues() throws Exception {
        AppUpdate update = new AppUpdate(413639, null, null, null, null);

        assertThat(sent(update)).isEqualTo("{\"imageId\":413639}");
    }

    @Test
    void blankStringsAreSentAsGivenSoTheyClearTheListingsValues() throws Exception {
        AppUpdate update = AppUpdate.builder()
                .imageId(413639)
                .reasonForUpdate("")
                .version(" ")
                .osVersion("")
                .build();

        assertThat(sent(update))
                .isEqualTo("{\"imageId\":413639,\"reasonForUpdate\":\"\",\"version\":\" \",\"osVersion\":\"\"}");
    }

    @Test
    void anEmptySoftwareListIsSentAsAnEmptyArraySoItClearsTheTable() throws Exception {
        AppUpdate update =
                AppUpdate.builder().imageId(413639).softwareIncluded(List.of()).build();

        assertThat(sent(update)).isEqualTo("{\"imageId\":413639,\"softwareIncluded\":[]}");
    }

    @Test
    void aNullSoftwareListIsLeftOut() throws Exception {
        AppUpdate update =
                AppUpdate.builder().imageId(413639).softwareIncluded(null).build();

        assertThat(sent(update)).isEqualTo("{\"imageId\":413639}");
    }

    @Test
    void softwareEntriesLeaveOutNullsAndKeepBlanks() throws Exception {
        AppUpdate update = AppUpdate.builder()
                .imageId(413639)
                .addSoftware(new Software("Docker", "27.0", "", null, "Apache-2.0", null))
                .addSoftware(new Software(
                        "Ubuntu",
                        "24.04",
                        "https://wiki.ubuntu.com/NobleNumbat/ReleaseNotes",
                        "https://ubuntu.com",
                        "GPL",
                        "https://ubuntu.com/legal"))
                .build();

        assertThat(sent(update))
                .isEqualTo("{\"imageId\":413639,\"softwareIncluded\":["
                        + "{\"name\":\"Docker\",\"version\":\"27.0\",\"releaseNotes\":\"\",\"licenseType\":\"Apache-2.0\"},"
                        + "{\"name\":\"Ubuntu\",\"version\":\"24.04\","
                        + "\"releaseNotes\":\"https://wiki.ubuntu.com/NobleNumbat/ReleaseNotes\",\"website\":\"https://ubuntu.com\","
                        + "\"licenseType\":\"GPL\",\"licenseLink\":\"https://ubuntu.com/legal\"}]}");
    }

    @Test
    void everyFieldSetIsSentWithItsDocumentedName() throws Exception {
        AppUpdate update = AppUpdate.builder()
                .imageId(413639)
                .reasonForUpdate("Release 1.4.0")
                .version("1.4.0")
                .osVersion("Ubuntu 24.04")
                .addSoftware(Software.of("Ubuntu Linux", "24.04"))
                .build();

        assertThat(sent(update))
                .isEqualTo("{\"imageId\":413639,\"reasonForUpdate\":\"Release 1.4.0\","
                        + "\"version\":\"1.4.0\",\"osVersion\":\"Ubuntu 24.04\","
                        + "\"softwareIncluded\":[{\"name\":\"Ubuntu Linux\",\"version\":\"24.04\"}]}");
    }

    @Test
    void textIsSentAsUtf8WithJsonEscapes() throws Exception {
        AppUpdate update = AppUpdate.builder()
                .imageId(1)
                .reasonForUpdate("Größer \"besser\"\n")
                .build();

        assertThat(sent(update)).isEqualTo("{\"imageId\":1,\"reasonForUpdate\":\"Größer \\\"besser\\\"\\n\"}");
    }

    @Test
    void theUpdateIsImmutableOnceBuilt() {
        List<Software> software = new ArrayList<>(List.of(Software.of("a", "1")));
        AppUpdate update =
                AppUpdate.builder().imageId(1).softwareIncluded(software).build();
        software.add(Software.of("b", "2"));

        assertThat(update.softwareIncluded()).containsExactly(Software.of("a", "1"));
        assertThatThrownBy(() -> update.softwareIncluded().add(Software.of("c", "3")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void dropletActionBodiesLeaveOutAbsentFields() throws Exception {
        enqueueJson(201, actionJson(1, "power_off"));

        client().powerOff(3164444);

        assertThat(takeRequest().getBody().readUtf8()).isEqualTo("{\"type\":\"power_off\"}");
    }

    /** What the client puts on the wire for this update. */
    private String sent(AppUpdate update) throws Exception {
        enqueueJson(200, resource("app-update-response.json"));
        client().updateApp(APP_ID, update);
        return takeRequest().getBody().readUtf8();
    }
}
