import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
def reports = new File(basedir, 'target/marketplace')
def snap = new JsonSlurper().parse(new File(reports, 'snapshot.json'))

// the second run tested the image the first one recorded, on a droplet of its own with a key of its own
assert log.contains(":test-image (default-cli)")
assert log.contains("Image ${snap.imageId} (${snap.name}) from ")
def creates = sandbox.requests('POST', '/v2/droplets')
assert creates.size() == 2
def testDroplet = creates[1].path('body').asText()
assert testDroplet.contains("\"image\":${snap.imageId}")
def keys = sandbox.requests('POST', '/v2/account/keys')
assert keys.size() == 2
assert keys[0].path('body').asText() != keys[1].path('body').asText()

def report = new JsonSlurper().parse(new File(reports, 'image-test.json'))
assert report.failed == false
assert report.imageId == snap.imageId
assert report.checks.every { it.status in ['PASS', 'OK'] }
assert log.contains("Image ${snap.imageId} passed its test on droplet ${report.dropletId}, now deleted.")

// each run deleted what it made, once each: two droplets, two keys; nothing was released
assert sandbox.requests('DELETE', '/v2/droplets/*').size() == 2
assert sandbox.requests('DELETE', '/v2/account/keys/*').size() == 2
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').isEmpty()
def state = sandbox.state()
assert !state.path('droplets').any { it.path('tags').any { t -> t.asText() == 'oneclick-marketplace' } }
assert !state.path('sshKeys').any { it.path('name').asText().startsWith('oneclick-marketplace-') }
assert state.path('images').any { it.path('id').asLong() == (snap.imageId as long) }
sandbox.assertNoIncidents()
return true
