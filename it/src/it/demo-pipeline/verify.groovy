import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def log = new File(basedir, 'build.log').text

// validate -> snapshot -> release, in that order, in one mvn deploy.
def validate = log.indexOf(':validate (publish-1-click)')
def snapshot = log.indexOf(':snapshot (publish-1-click)')
def release = log.indexOf(':release (publish-1-click)')
assert validate >= 0 && validate < snapshot && snapshot < release

// The droplet was cleaned up (its login key removed from root's authorized_keys), then validated over SSH, and
// passed.
assert log.contains('Cleanup: ssh-keys')
assert log.contains('[PASS] ')
assert !log.contains('[FAIL] ')
def reports = new File(basedir, 'target/marketplace')
assert new File(reports, 'validation.json').isFile()
assert new File(reports, 'TEST-marketplace-validation.xml').isFile()
assert new File(reports, 'validation.md').isFile()

// One snapshot, found by name, handed to release; the listing now points at it.
def snap = new JsonSlurper().parse(new File(reports, 'snapshot.json'))
assert snap.imageId > 0
// One version for the run, from the tag: it names the snapshot and the release alike.
assert snap.name.contains('-2.0.2-')
assert log.contains('Version 2.0.2 from tag GITHUB_REF_NAME=v2.0.2.')
assert sandbox.requests('POST', '/v2/droplets/*/actions').findAll { it.path('body').asText().contains('"snapshot"') }.size() == 1
assert sandbox.requests('PATCH', '/api/v1/vendor-portal/apps/**').size() == 1
def app = sandbox.app('60089fc6d333037bffa70d9b')
assert app.path('customData').path('imageId').asLong() == (snap.imageId as long)
assert app.path('status').path('value').asText() == 'pending'
assert app.path('customData').path('version').asText() == '2.0.2'
assert log.contains("Released image ${snap.imageId}")

println ''
println '======================================================================'
println " Demo done: ${app.path('customData').path('imageId').asLong()} (version 2.0.2, from the tag v2.0.2) is the new image of app 60089fc6d333037bffa70d9b (pending review)"
println " Reports of the example vendor project:"
reports.listFiles().sort { it.name }.each { println "   ${it.absolutePath}" }
println " Full build log: ${new File(basedir, 'build.log').absolutePath}"
println '======================================================================'
return true

