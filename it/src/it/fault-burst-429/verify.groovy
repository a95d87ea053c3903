import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin
def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text
def snap = new JsonSlurper().parse(new File(basedir, 'target/marketplace/snapshot.json'))
// The fault was survived: one snapshot made, one listing update applied, pointing at it.
def snapshots = sandbox.requests('POST', '/v2/droplets/*/actions')
        .findAll { it.path('body').asText().contains('"snapshot"') && it.path('applied').asBoolean() }
assert snapshots.size() == 1 : "snapshot actions applied: ${snapshots.size()}"
def patches = sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').findAll { it.path('applied').asBoolean() }
assert patches.size() == 1 : "listing updates applied: ${patches.size()}"
assert sandbox.app('60089fc6d333037bffa70d9b').path('customData').path('imageId').asLong() == (snap.imageId as long)
return true
