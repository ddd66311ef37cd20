#include "MonitorTestSupport.h"

#include "protocol/Rfc3339.h"

using namespace Qt::StringLiterals;

namespace monitor_test {

const QString kAdminToken = u"monitor-test-admin-token-5b1f0c2e"_s;

bool startDaemon(DaemonProcess &daemon, const QString &engine, const QTemporaryDir &dir,
                 QString *error, QString *databaseUrl)
{
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, kAdminToken);
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"100000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"100000"_s);
    return daemon.startOnFreshDatabase(engine, dir, error, databaseUrl);
}

ddalab::protocol::PublishShare publishShare(const QString &token, const QString &owner,
                                            const QString &title, const QDateTime &createdAt)
{
    ddalab::ShareMetadata metadata;
    metadata.ownerUserId = owner;
    metadata.resultId = u"result-"_s + token;
    metadata.title = title;
    metadata.description = u"EEG analysis"_s;
    metadata.createdAt = createdAt;
    metadata.accessPolicy = ddalab::AccessPolicy::makePublic();
    return {token, metadata};
}

QDateTime at(const char *rfc3339)
{
    return *ddalab::rfc3339::parse(QString::fromLatin1(rfc3339));
}

} // namespace monitor_test
