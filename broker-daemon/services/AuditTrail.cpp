#include "services/AuditTrail.h"

#include "domain/AuditAction.h"
#include "logging/LogCategories.h"
#include "storage/AuditStore.h"

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

void AuditTrail::note(const AuditEntry &entry)
{
    if (m_waiting.size() >= kMaxWaiting) {
        ++m_dropped;
        return;
    }
    m_waiting.append(entry);
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
    const QList<AuditEntry> rows = std::exchange(m_waiting, {});
    m_store.append(rows, this, [this, rows](const AuditWriteResult &result) {
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
