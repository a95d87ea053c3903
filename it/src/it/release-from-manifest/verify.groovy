import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

// The last DigitalOcean build of the last Packer run was released, once.
assert log.contains('Image 140000002 from Packer manifest')
assert log.contains("Released image 140000002")
def patches = sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**')
assert patches.size() == 1
def app = sandbox.app('60089fc6d333037bffa70d9b')
assert app.path('customData').path('imageId').asLong() == 140000002L
assert app.path('customData').path('version').asText() == '2.0.0'
assert app.path('status').path('value').asText() == 'pending'
assert new File(basedir, 'target/marketplace/release.json').text.contains('"listingStatus" : "pending"')
return true
