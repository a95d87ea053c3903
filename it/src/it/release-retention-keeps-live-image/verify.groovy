import groovy.json.JsonSlurper
import io.github.oneclick.sandbox.it.SandboxAdmin

def sandbox = SandboxAdmin.connect(sandboxUrl, sandboxInfoFile)
def snap = new JsonSlurper().parse(new File(basedir, 'target/marketplace/snapshot.json'))
assert snap.name.startsWith('acme-lemp-2.0.2-')
sandbox.assertOneSnapshotAndOneReleaseOf('60089fc6d333037bffa70d9b', snap.imageId as long)

// Retention ran after the release: the listing still serves acme-lemp-2.0.0 until the review ends, so that image is
// kept beside the new one; only the older two were deleted, each with one DELETE.
def names = sandbox.state().path('images').findAll { it.path('type').asText() == 'snapshot' }
        .collect { it.path('name').asText() }.findAll { it.startsWith('acme-lemp-') }
assert names.contains('acme-lemp-2.0.0')
assert names.contains(snap.name)
assert !names.contains('acme-lemp-1.9.0') && !names.contains('acme-lemp-1.8.0')
assert sandbox.requests('DELETE', '/v2/images/*').size() == 2
def log = new File(basedir, 'build.log').text
assert log.indexOf('Released image') < log.indexOf('Retention: kept')
sandbox.assertNoIncidents()
return true
