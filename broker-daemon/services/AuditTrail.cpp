#include "services/AuditTrail.h"

#include "domain/AuditAction.h"
#include "logging/LogCategories.h"
#include "protocol/Rfc3339.h"
#include "storage/AuditStore.h"

#include <QJsonDocument>

#include <algorithm>
#include <limits>

namespace ddalab {

using namespace Qt::StringLiterals;

AuditTrail::AuditTrail(AuditStore &store, const Clock &clock, bool recordAddresses,
                       std::chrono::milliseconds flushInterval, QObject *parent)
    : QObject(parent), m_store(store), m_clock(clock), m_recordAddresses(recordAddresses)
{
    m_timer.setInterval(flushInterval);
    connect(&m_timer, &QTimer::timeout, this, &AuditTrail::flush);
    m_timer.start();
}

AuditTrail::~AuditTrail()
{
    flush();
}

AuditEntry AuditTrail::entry(QLatin1StringView action, const AuditActor &by, const QString &target,
                             AuditOutcome outcome, const QJsonObject &details) const
{
    AuditEntry row;
    row.time = m_clock.now();
    row.actor = by.id.isEmpty() ? u"anonymous"_s : by.id;
    row.action = action;
    row.target = target;
    if (m_recordAddresses && !by.address.isEmpty())
        row.sourceAddress = by.address;
    row.outcome = outcome;
    row.details = details;
    return row;
}

AuditEntry AuditTrail::institutionChanged(const AuditActor &by, const QJsonObject &changes) const
{
    return entry(AuditAction::InstitutionChanged, by, u"institution"_s, AuditOutcome::Success,
                 changes);
}

void AuditTrail::committed(const AuditEntry &entry)
{
    emit recorded(entry);
}

QString AuditTrail::identityOf(const AuditEntry &entry)
{
    // The unit separator cannot occur in an action name or outcome; actor, target and address
    // come from tokens, ids and peer addresses, and a collision would only merge two rows of
    // one actor's reads.
    constexpr QChar kSeparator(0x1f);
    QString identity = entry.action + kSeparator + entry.actor + kSeparator + entry.target +
                       kSeparator + auditOutcomeName(entry.outcome);
    if (entry.sourceAddress)
        identity += kSeparator + *entry.sourceAddress;
    if (!entry.details.isEmpty())
        identity += kSeparator +
                    QString::fromUtf8(QJsonDocument(entry.details).toJson(QJsonDocument::Compact));
    return identity;
}

AuditEntry AuditTrail::merged(const WaitingRow &row)
{
    if (row.count == 1)
        return row.entry;
    AuditEntry entry = row.entry;
    entry.details.insert("count"_L1, double(row.count));
    entry.details.insert("last_at"_L1, rfc3339::format(row.lastAt));
    return entry;
}

QList<AuditEntry> AuditTrail::waitingRows() const
{
    QList<AuditEntry> rows;
    rows.reserve(m_waiting.size());
    for (const WaitingRow &row : m_waiting)
        rows.append(merged(row));
    return rows;
}

void AuditTrail::note(const AuditEntry &entry)
{
    const QString identity = identityOf(entry);
    if (const auto it = m_waitingByIdentity.constFind(identity); it != m_waitingByIdentity.cend()) {
        WaitingRow &row = m_waiting[*it];
        ++row.count;
        row.lastAt = entry.time;
        return;
    }
    if (m_waiting.size() >= kMaxWaiting) {
        ++m_dropped;
        return;
    }
    m_waitingByIdentity.insert(identity, m_waiting.size());
    m_waiting.append(WaitingRow{entry, 1, entry.time});
}

void AuditTrail::record(const AuditEntry &entry)
{
    m_store.append({entry}, this, [this, entry](const AuditWriteResult &result) {
        if (result.status == AuditWriteResult::Status::Written) {
            emit recorded(entry);
            return;
        }
        qCWarning(lcAudit).noquote() << "audit row" << entry.action << "not written; trying again"
                                     << "with the next flush:" << result.error;
        note(entry);
    });
}

void AuditTrail::flush()
{
    if (m_dropped > 0) {
        qCWarning(lcAudit) << m_dropped << "audit rows of reads dropped: the database is behind";
        m_dropped = 0;
    }
    if (m_waiting.isEmpty())
        return;
    const QList<AuditEntry> rows = waitingRows();
    m_waiting.clear();
    m_waitingByIdentity.clear();
    m_writing.append(rows);
    m_store.append(rows, this, [this, rows](const AuditWriteResult &result) {
        // Writes answer in the order they were made.
        m_writing.remove(0, std::min(rows.size(), m_writing.size()));
        if (result.status == AuditWriteResult::Status::Written) {
            for (const AuditEntry &row : rows)
                emit recorded(row);
            return;
        }
        qCWarning(lcAudit).noquote()
            << rows.size() << "audit rows not written; trying again:" << result.error;
        for (const AuditEntry &row : rows)
            note(row);
    });
}

void AuditTrail::query(const AuditQuery &query, QObject *context,
                       std::function<void(const AuditPageResult &)> done)
{
    m_store.page(query, context, std::move(done));
}

void AuditTrail::queryWithWaiting(const AuditQuery &query, QObject *context,
                                  std::function<void(const AuditPageResult &)> done)
{
    m_store.page(query, context, [this, query, done](const AuditPageResult &result) {
        if (result.status != AuditPageResult::Status::Found || query.afterId) {
            done(result);
            return;
        }
        const QList<AuditEntry> &stored = result.page.entries;
        // A flushed row can be in the page already while its write's answer is still on its
        // way here: skip those.
        const auto isStored = [&stored](AuditEntry row) {
            return std::any_of(stored.cbegin(), stored.cend(), [&row](const AuditEntry &other) {
                row.id = other.id;
                return row == other;
            });
        };
        QList<AuditEntry> newestFirst;
        const QList<AuditEntry> waiting = waitingRows();
        for (const QList<AuditEntry> *rows : {&std::as_const(m_writing), &waiting}) {
            for (const AuditEntry &row : *rows) {
                if (query.matches(row) && !isStored(row))
                    newestFirst.prepend(row);
            }
        }
        if (newestFirst.isEmpty()) {
            done(result);
            return;
        }
        AuditPageResult merged = result;
        merged.page.entries = newestFirst + stored;
        if (merged.page.entries.size() > query.limit) {
            merged.page.entries.resize(query.limit);
            const AuditEntry &last = merged.page.entries.last();
            if (last.id != 0)
                merged.page.nextAfterId = last.id;
            else
                merged.page.nextAfterId =
                    stored.isEmpty() ? std::numeric_limits<qint64>::max() : stored.first().id + 1;
        }
        done(merged);
    });
}

void AuditTrail::collect(const AuditQuery &query, int maxRows, QObject *context,
                         std::function<void(const std::optional<AuditPage> &)> done)
{
    collectFrom(query, maxRows, {}, context, std::move(done));
}

void AuditTrail::collectFrom(AuditQuery query, int maxRows, AuditPage soFar, QObject *context,
                             std::function<void(const std::optional<AuditPage> &)> done)
{
    query.limit = int(std::min<qsizetype>(query.limit, maxRows - soFar.entries.size()));
    m_store.page(query, context,
                 [this, query, maxRows, soFar, context,
                  done = std::move(done)](const AuditPageResult &result) mutable {
                     if (result.status != AuditPageResult::Status::Found) {
                         done(std::nullopt);
                         return;
                     }
                     soFar.entries.append(result.page.entries);
                     soFar.nextAfterId = result.page.nextAfterId;
                     if (!soFar.nextAfterId || soFar.entries.size() >= maxRows) {
                         done(soFar);
                         return;
                     }
                     AuditQuery next = query;
                     next.afterId = soFar.nextAfterId;
                     next.limit = AuditQuery::kMaxLimit;
                     collectFrom(next, maxRows, std::move(soFar), context, std::move(done));
                 });
}

} // namespace ddalab
