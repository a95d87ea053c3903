import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

// No environment variable holds a token: the decrypted settings.xml password was the one the sandbox accepted.
assert log.contains("Using the DigitalOcean API token from settings.xml server 'digitalocean'.")
assert log.contains('Released image 140000002')
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1
assert !log.contains('settings-token-4e1d9b7c2a6f8e3d')
return true
