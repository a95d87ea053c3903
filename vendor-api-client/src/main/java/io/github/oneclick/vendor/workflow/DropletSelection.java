package io.github.oneclick.vendor.workflow;

import io.github.oneclick.vendor.DigitalOceanClient;
import io.github.oneclick.vendor.InvalidSettingException;
import io.github.oneclick.vendor.NotFoundException;
import io.github.oneclick.vendor.model.Droplet;
import java.util.List;

/**
 * Which droplet a workflow works on: by id, or by a name or a tag that must match exactly one droplet of the token's
 * team. The one droplet selection of every goal: validation reaches the droplet through its public IPv4, the
 * snapshot takes it. Names and tags find GPU droplets too, which the API lists only when asked for them.
 *
 * @param dropletId the droplet's id, or {@code null}
 * @param dropletName its exact name (matched case-insensitively by the API), or {@code null}
 * @param dropletTag a tag only this droplet carries, or {@code null}
 */
public record DropletSelection(Long dropletId, String dropletName, String dropletTag) {

    public DropletSelection {
        if (dropletId != null && dropletId <= 0) {
            throw new InvalidSettingException("dropletId must be a positive number, was " + dropletId, "dropletId");
        }
        dropletName = blankToNull(dropletName);
        dropletTag = blankToNull(dropletTag);
        int given = (dropletId != null ? 1 : 0) + (dropletName != null ? 1 : 0) + (dropletTag != null ? 1 : 0);
        if (given != 1) {
            throw new InvalidSettingException(
                    "dropletId, dropletName, dropletTag: set exactly one of them to select" + " the droplet"
                            + (given == 0 ? "; none is set" : "; " + given + " are set"),
                    "dropletId",
                    "dropletName",
                    "dropletTag");
        }
    }

    public static DropletSelection byId(long dropletId) {
        return new DropletSelection(dropletId, null, null);
    }

    public static DropletSelection byName(String name) {
        return new DropletSelection(null, name, null);
    }

    public static DropletSelection byTag(String tag) {
        return new DropletSelection(null, null, tag);
    }

    /** The selection as given, such as {@code dropletName=build-01}. */
    public String describe() {
        return dropletId != null
                ? "dropletId=" + dropletId
                : dropletName != null ? "dropletName=" + dropletName : "dropletTag=" + dropletTag;
    }

    /**
     * The selected droplet.
     *
     * @throws DropletSelectionException when the droplet does not exist, or the name or tag matches none or several
     */
    public Droplet resolve(DigitalOceanClient client) {
        if (dropletId != null) {
            try {
                return client.getDroplet(dropletId);
            } catch (NotFoundException e) {
                throw new DropletSelectionException(
                        "Droplet " + dropletId + " does not exist or is not visible to"
                                + " this token's team. Check dropletId (the number in the droplet's control panel URL) and"
                                + " that the token belongs to the droplet's team.",
                        describe(),
                        List.of(),
                        e);
            }
        }
        boolean byName = dropletName != null;
        String value = byName ? dropletName : dropletTag;
        List<Droplet> matches = (byName ? client.listDropletsByName(value) : client.listDropletsByTag(value))
                .limit(21)
                .toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        List<String> names = matches.stream().map(DropletSelection::label).toList();
        String what = byName ? "name '" + value + "'" : "tag '" + value + "'";
        String setting = byName ? "dropletName" : "dropletTag";
        if (matches.isEmpty()) {
            throw new DropletSelectionException(
                    "No droplet has the " + what + ". Check " + setting + ", or select" + " the droplet by dropletId.",
                    describe(),
                    names,
                    null);
        }
        throw new DropletSelectionException(
                matches.size() + (matches.size() > 20 ? " or more" : "")
                        + " droplets have the " + what + ": " + String.join(", ", names) + ". Select one by dropletId,"
                        + " or make " + setting + " unique.",
                describe(),
                names,
                null);
    }

    /** {@code 3164444 (acme-build-01)}. */
    static String label(Droplet droplet) {
        return droplet.id() + " (" + droplet.name() + ")";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
