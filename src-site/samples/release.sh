# Rehearse: the release artifacts built twice and compared, the Central bundle checked; nothing signed or uploaded
.ci/reproducible

# The release commit: CHANGELOG.md's [Unreleased] becomes [0.1.0] - <date> above a new, empty [Unreleased];
# the version loses -SNAPSHOT and project.build.outputTimestamp becomes now, the release commit's time
.ci/set-version
git commit -am "Release 0.1.0"
git tag v0.1.0
.ci/reproducible

# Sign and upload: MAVEN_GPG_KEY and MAVEN_GPG_PASSPHRASE in the environment, the Portal token in the server "central"
./mvnw -B -Prelease clean deploy -Dcentral.skipUpload=false

# Back to development
.ci/set-version 0.2.0-SNAPSHOT
git commit -am "0.2.0-SNAPSHOT"
