package io.github.oneclick.marketplace.mojo;

import io.github.oneclick.vendor.workflow.DropletSelection;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * The goals that work on the build droplet share one droplet selection: by id, name or tag, configured once for all
 * of them.
 */
public abstract class AbstractDropletMojo extends AbstractMarketplaceMojo {

    /**
     * The build droplet's numeric id, such as {@code -Dmarketplace.dropletId=3164444} (Packer prints it; the droplet's
     * page shows it). Set exactly one of dropletId, dropletName and dropletTag.
     */
    @Parameter(property = "marketplace.dropletId")
    Long dropletId;

    /**
     * The build droplet's exact name, such as {@code <dropletName>acme-build-01</dropletName>}; it must match exactly
     * one droplet of the token's team (the API matches names case-insensitively; GPU droplets are found too).
     */
    @Parameter(property = "marketplace.dropletName")
    String dropletName;

    /**
     * A tag carried by exactly one droplet, the build droplet, such as
     * {@code <dropletTag>marketplace-build</dropletTag>}. Useful when Packer names droplets with a timestamp.
     */
    @Parameter(property = "marketplace.dropletTag")
    String dropletTag;

    /** Whether a droplet is selected at all. */
    protected boolean dropletSelected() {
        return dropletId != null || !blank(dropletName) || !blank(dropletTag);
    }

    /** The droplet selection; the client checks it. */
    protected DropletSelection selection() throws MojoFailureException {
        return build(() -> new DropletSelection(dropletId, dropletName, dropletTag));
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
