import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

assert log.contains('Image 140000002 from marketplace.imageId')
assert log.contains("as version 2.0.1")
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1
def app = sandbox.app('60089fc6d333037bffa70d9b')
assert app.path('customData').path('imageId').asLong() == 140000002L
assert app.path('customData').path('reasonForUpdate').asText() == 'Security updates'

// Without a POM the report goes to target/marketplace of the working directory, and nowhere else.
def report = new File(basedir, 'target/marketplace/release.json')
assert report.isFile()
assert report.text.contains('"listingStatus" : "pending"')
def details = (log =~ /Details in (\S+)/)
assert details.find() && new File(details.group(1)).canonicalFile == report.canonicalFile
assert !basedir.listFiles().any { it.name.contains('${') }
return true
