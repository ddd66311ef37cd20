#pragma once

#include "auth/GrantKey.h"
#include "auth/KeySealer.h"
#include "config/Config.h"
#include "domain/AuditEntry.h"
#include "domain/Clock.h"
#include "protocol/GrantJson.h"
#include "services/GrantCache.h"
#include "storage/GrantKeyResults.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <optional>

namespace ddalab {

class GrantKeyStore;
struct ShareRecord;

// Download grants: the short-lived ES256 tokens that share_info carries, so that an owner's
// DDALAB API server can check offline that the broker admitted a requester (README "Download
// grants"). Holds the signing keys, which the database keeps sealed under GRANT_KEY_FILE's key:
// the current one signs, retired ones stay published until every grant they signed expired.
// Without a sealing key (PostgreSQL and no GRANT_KEY_FILE) grants are off: share_info carries
// none and jwks.json lists no key.
//
// Several daemons on one database share the keys: each re-reads them every kReloadInterval,
// so a rotation or first key made by another daemon is signed with and published here within
// that time. (A verifier that meets an unknown kid refetches jwks.json; until this daemon
// reloaded, a grant of another daemon's newest key may not verify against this daemon's list.)
class DownloadGrants : public QObject
{
    Q_OBJECT
public:
    // How long a retired key stays published after the last grant it signed expired (clock
    // skew between broker and verifiers, and a verifier's cached jwks.json).
    static constexpr std::chrono::seconds kPublishMargin{120};
    static constexpr std::chrono::seconds kReloadInterval{60};
    static constexpr int kCacheEntries = 100000;

    // sealer: nullopt turns grants off.
    DownloadGrants(const GrantSettings &settings, GrantKeyStore &store,
                   std::optional<KeySealer> sealer, const Clock &clock, QObject *parent = nullptr);

    // Reads the keys, creating the first one at the first start; done gets the problem, or an
    // empty string. Then re-reads them every kReloadInterval.
    void start(std::function<void(const QString &problem)> done);
    bool enabled() const { return m_sealer.has_value(); }

    // The grant for a request that was granted; empty while grants are off. requesterId is
    // empty for an anonymous request (the grant then has no sub). A grant issued for the same
    // token, requester and content is handed out again while two thirds of its lifetime remain.
    QString issue(const ShareRecord &share, const QString &requesterId);

    // What /.well-known/jwks.json lists: the current key and those retired recently enough
    // that grants they signed may still be valid.
    QList<protocol::GrantPublicKey> publishedKeys() const;

    enum class RotateOutcome { Rotated, Disabled, Failed };
    // A new key signs from now on; done gets the outcome and the new kid. The rotation commits
    // with audit, whose target becomes the new kid.
    void rotate(const AuditEntry &audit, QObject *context,
                std::function<void(RotateOutcome, const QString &kid)> done);

private:
    struct LoadedKey
    {
        GrantKey key;
        std::optional<QDateTime> retiredAt;
    };

    // Takes the stored keys in; the problem, or an empty string.
    QString apply(const GrantKeysResult &result);
    std::optional<StoredGrantKey> newStoredKey(QString *problem) const;
    void reload();

    GrantSettings m_settings;
    GrantKeyStore &m_store;
    std::optional<KeySealer> m_sealer;
    const Clock &m_clock;
    QList<LoadedKey> m_keys; // oldest first
    std::optional<GrantKey> m_current;
    QByteArray m_encodedHeader; // the current key's JWS header, base64url
    GrantCache m_cache;
    QTimer m_reloadTimer;
};

} // namespace ddalab
