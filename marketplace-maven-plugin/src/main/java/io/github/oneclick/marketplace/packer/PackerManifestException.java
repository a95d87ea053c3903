package io.github.oneclick.marketplace.packer;

/** The Packer manifest could not be read or holds no usable DigitalOcean build. */
public class PackerManifestException extends Exception {
    private static final long serialVersionUID = 1L;

    public PackerManifestException(String message, Throwable cause) {
        super(message, cause);
    }

    public PackerManifestException(String message) {
        super(message);
    }
}
