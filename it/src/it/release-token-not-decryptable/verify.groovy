import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

// The build stops before any request and says that the password could not be decrypted. Maven 3 hands the encrypted
// password to the plugin, which fails naming the server; Maven 4 decrypts settings.xml itself when it starts and
// fails before any plugin runs.
assert sandbox.requests().isEmpty() : 'no request without a token'
assert log =~ /(?i)cannot be decrypted|could not decrypt/
assert !log.contains('Using the DigitalOcean API token')
return true
