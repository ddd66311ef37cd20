#include "services/DownloadGrants.h"

#include "domain/ShareMetadata.h"
#include "logging/LogCategories.h"
#include "storage/GrantKeyStore.h"

#include <QPointer>

#include <sodium.h>

namespace ddalab {

using namespace Qt::StringLiterals;

namespace {

QByteArray base64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

DownloadGrants::DownloadGrants(const GrantSettings &settings, GrantKeyStore &store,
                               std::optional<KeySealer> sealer, const Clock &clock, QObject *parent)
    : QObject(parent), m_settings(settings), m_store(store), m_sealer(std::move(sealer)),
      m_clock(clock), m_cache(kCacheEntries)
{
    m_reloadTimer.setInterval(kReloadInterval);
    connect(&m_reloadTimer, &QTimer::timeout, this, &DownloadGrants::reload);
}

void DownloadGrants::start(std::function<void(const QString &problem)> done)
{
    if (!m_sealer) {
        done({});
        return;
    }
    m_store.loadKeys(this, [this, done](const GrantKeysResult &loaded) {
        if (loaded.status != GrantKeysResult::Status::Found) {
            done(u"cannot read the grant keys: %1"_s.arg(loaded.error));
            return;
        }
        const bool hasCurrent = std::any_of(loaded.keys.cbegin(), loaded.keys.cend(),
                                            [](const auto &key) { return !key.retiredAt; });
        if (hasCurrent) {
            const QString problem = apply(loaded);
            if (problem.isEmpty())
                m_reloadTimer.start();
            done(problem);
            return;
        }
        QString problem;
        const auto key = newStoredKey(&problem);
        if (!key) {
            done(problem);
            return;
        }
        m_store.addFirstKey(*key, this, [this, done, kid = key->kid](const GrantKeysResult &all) {
            if (all.status != GrantKeysResult::Status::Found) {
                done(u"cannot store the first grant key: %1"_s.arg(all.error));
                return;
            }
            const QString problem = apply(all);
            if (problem.isEmpty()) {
                qCInfo(lcBroker).noquote() << "created the download grant key" << kid;
                m_reloadTimer.start();
            }
            done(problem);
        });
    });
}

std::optional<StoredGrantKey> DownloadGrants::newStoredKey(QString *problem) const
{
    const auto key = GrantKey::generate();
    if (!key) {
        *problem = u"OpenSSL could not generate a P-256 key"_s;
        return std::nullopt;
    }
    QByteArray der = key->privateDer();
    StoredGrantKey stored{key->kid(), m_sealer->seal(der), m_clock.now(), std::nullopt};
    sodium_memzero(der.data(), size_t(der.size()));
    return stored;
}

QString DownloadGrants::apply(const GrantKeysResult &result)
{
    // The periodic reload mostly finds what it has: then nothing is opened or parsed again.
    const bool unchanged = std::equal(
        result.keys.cbegin(), result.keys.cend(), m_keys.cbegin(), m_keys.cend(),
        [](const StoredGrantKey &stored, const LoadedKey &loaded) {
            return stored.kid == loaded.key.kid() && stored.retiredAt == loaded.retiredAt;
        });
    if (unchanged && m_current)
        return {};
    QList<LoadedKey> keys;
    for (const StoredGrantKey &stored : result.keys) {
        std::optional<QByteArray> der = m_sealer->open(stored.sealedPrivateKey);
        std::optional<GrantKey> key = der ? GrantKey::fromPrivateDer(*der) : std::nullopt;
        if (der)
            sodium_memzero(der->data(), size_t(der->size()));
        if (!key || key->kid() != stored.kid)
            return u"the grant key %1 in the database cannot be opened with this "
                   "GRANT_KEY_FILE (another file sealed it, or it was changed)"_s.arg(stored.kid);
        keys.append(LoadedKey{*key, stored.retiredAt});
    }
    // The newest key not retired signs (the list is oldest first).
    std::optional<GrantKey> current;
    for (const LoadedKey &loaded : std::as_const(keys))
        if (!loaded.retiredAt)
            current = loaded.key;
    if (!current)
        return u"the database holds no current grant key"_s;
    if (!m_current || m_current->kid() != current->kid()) {
        m_cache.clear();
        m_encodedHeader = base64Url(protocol::grant_json::header(current->kid()));
    }
    m_current = current;
    m_keys = std::move(keys);
    return {};
}

void DownloadGrants::reload()
{
    m_store.loadKeys(this, [this](const GrantKeysResult &loaded) {
        const QString problem = loaded.status == GrantKeysResult::Status::Found
                                    ? apply(loaded)
                                    : u"cannot read the grant keys: %1"_s.arg(loaded.error);
        if (!problem.isEmpty())
            qCWarning(lcBroker).noquote() << problem << "(the keys read before stay in use)";
    });
}

QString DownloadGrants::issue(const ShareRecord &share, const QString &requesterId)
{
    if (!m_current)
        return {};
    const QString &contentId = share.metadata.resultId;
    const QString cacheKey = GrantCache::keyOf(share.token, requesterId, contentId);
    const qint64 nowMs = m_clock.now().toMSecsSinceEpoch();
    if (auto cached = m_cache.find(cacheKey, nowMs))
        return *cached;

    QByteArray id(16, '\0');
    randombytes_buf(id.data(), size_t(id.size()));
    protocol::GrantClaims claims;
    claims.issuer = m_settings.issuer;
    claims.subject = requesterId;
    claims.shareToken = share.token;
    claims.contentId = contentId;
    claims.owner = share.metadata.ownerUserId;
    claims.issuedAt = quint64(nowMs / 1000);
    claims.expiresAt = claims.issuedAt + quint64(m_settings.lifetime.count());
    claims.id = QString::fromLatin1(base64Url(id));

    const QByteArray signingInput =
        m_encodedHeader + '.' + base64Url(protocol::grant_json::claims(claims));
    const QByteArray signature = m_current->sign(signingInput);
    if (signature.isEmpty()) {
        qCWarning(lcBroker) << "OpenSSL could not sign a download grant";
        return {};
    }
    const QString grant = QString::fromLatin1(signingInput + '.' + base64Url(signature));
    // Handed out again while at least two thirds of its lifetime remain.
    const qint64 reuseUntilMs =
        qint64(claims.issuedAt) * 1000 + m_settings.lifetime.count() * 1000 / 3;
    m_cache.remember(cacheKey, grant, reuseUntilMs, nowMs);
    return grant;
}

QList<protocol::GrantPublicKey> DownloadGrants::publishedKeys() const
{
    QList<protocol::GrantPublicKey> published;
    const QDateTime oldestRetired =
        m_clock.now().addSecs(-qint64((m_settings.lifetime + kPublishMargin).count()));
    for (const LoadedKey &loaded : m_keys) {
        if (loaded.retiredAt && *loaded.retiredAt < oldestRetired)
            continue;
        published.append({loaded.key.kid(), loaded.key.x(), loaded.key.y()});
    }
    return published;
}

void DownloadGrants::rotate(const AuditEntry &audit, QObject *context,
                            std::function<void(RotateOutcome, const QString &kid)> done)
{
    if (!m_sealer) {
        done(RotateOutcome::Disabled, {});
        return;
    }
    QString problem;
    const auto key = newStoredKey(&problem);
    if (!key) {
        qCWarning(lcBroker).noquote() << problem;
        done(RotateOutcome::Failed, {});
        return;
    }
    const QDateTime dropBefore =
        key->createdAt.addSecs(-qint64((m_settings.lifetime + kPublishMargin).count()));
    AuditEntry row = audit;
    row.target = key->kid;
    m_store.rotate(
        *key, dropBefore, row, this,
        [this, admin = audit.actor, kid = key->kid, context = QPointer<QObject>(context),
         done = std::move(done)](const GrantKeysResult &all) {
            QString problem = all.status == GrantKeysResult::Status::Found
                                  ? apply(all)
                                  : u"cannot store the new grant key: %1"_s.arg(all.error);
            if (problem.isEmpty())
                qCInfo(lcBroker).noquote()
                    << "download grant key rotated to" << kid << "by" << admin;
            else
                qCWarning(lcBroker).noquote() << problem;
            if (context)
                done(problem.isEmpty() ? RotateOutcome::Rotated : RotateOutcome::Failed, kid);
        });
}

} // namespace ddalab
