#include "discovery/DiscoveryRecord.h"

#include "config/Config.h"

#include <QCryptographicHash>

namespace ddalab {

using namespace Qt::StringLiterals;

DiscoveryRecord DiscoveryRecord::describe(const Config &config, quint16 port,
                                          const QString &version, const QString &hostName,
                                          const QString &institutionName)
{
    DiscoveryRecord record;
    // A DNS-SD instance name holds at most 63 bytes; avahi renames it on a collision.
    record.name = u"DDALAB broker on %1"_s.arg(hostName);
    while (record.name.toUtf8().size() > 63)
        record.name.chop(1);
    record.port = port;
    record.txt.append({"version", version.toUtf8()});
    if (!institutionName.isEmpty())
        record.txt.append({"institution", institutionName.toUtf8()});
    const auto flag = [](bool on) {
        return on ? QByteArray("true") : QByteArray("false");
    };
    record.txt.append({"auth_required", flag(config.auth.mode == AuthSettings::Mode::Jwt)});
    record.txt.append({"tls", flag(config.tlsEnabled())});
    // The desktop compares the hash of what its user types with this one before connecting.
    if (!config.discovery.authPassword.isEmpty())
        record.txt.append(
            {"auth_hash", QCryptographicHash::hash(config.discovery.authPassword.toUtf8(),
                                                   QCryptographicHash::Sha256)
                              .toHex()});
    return record;
}

} // namespace ddalab
