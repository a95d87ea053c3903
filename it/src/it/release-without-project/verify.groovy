import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

assert log.contains('Image 140000002 from marketplace.imageId')
assert log.contains("as version 2.0.1")
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1
def app = sandbox.app('60089fc6d333037bffa70d9b')
assert app.path('customData').path('imageId').asLong() == 140000002L
assert app.path('customData').path('reasonForUpdate').asText() == 'Security updates'
return true
