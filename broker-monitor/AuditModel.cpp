#include "AuditModel.h"

#include "DisplayText.h"
#include "MonitorRoles.h"

#include <QJsonDocument>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

AuditModel::AuditModel(QObject *parent) : QAbstractTableModel(parent) {}

void AuditModel::reset(const AuditPage &page)
{
    beginResetModel();
    m_entries = page.entries;
    m_nextAfterId = page.nextAfterId;
    m_fetching = false;
    endResetModel();
    dropOldest();
}

void AuditModel::appendPage(const AuditPage &page)
{
    m_fetching = false;
    m_nextAfterId = page.nextAfterId;
    if (page.entries.isEmpty())
        return;
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(page.entries.size()) - 1);
    m_entries.append(page.entries);
    endInsertRows();
    dropOldest();
}

void AuditModel::prepend(const AuditEntry &entry)
{
    // A row the query's first page already holds (pushed while the page was on its way).
    if (!m_entries.isEmpty() && entry.id != 0 && entry.id <= m_entries.constFirst().id)
        return;
    beginInsertRows({}, 0, 0);
    m_entries.prepend(entry);
    endInsertRows();
    dropOldest();
}

void AuditModel::dropOldest()
{
    if (m_entries.size() <= kMaxRows)
        return;
    beginRemoveRows({}, int(kMaxRows), int(m_entries.size()) - 1);
    m_entries.resize(kMaxRows);
    endRemoveRows();
    // What was dropped is still in the broker: paging on goes on from the oldest row kept.
    m_nextAfterId = m_entries.constLast().id;
}

bool AuditModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_nextAfterId && !m_fetching && m_entries.size() < kMaxRows;
}

void AuditModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    emit pageWanted(*m_nextAfterId);
}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const AuditEntry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(entry, index.column());
    case Qt::ToolTipRole:
        return index.column() == Details ? displayValue(entry, Details) : QVariant();
    case SortRole:
        return index.column() == Time ? QVariant(entry.time) : displayValue(entry, index.column());
    case KeyRole:
        return entry.id;
    default:
        return {};
    }
}

QVariant AuditModel::displayValue(const AuditEntry &entry, int column) const
{
    switch (column) {
    case Time:
        return display_text::time(entry.time);
    case Actor:
        return entry.actor;
    case Action:
        return entry.action;
    case Target:
        return entry.target;
    case Address:
        return entry.sourceAddress.value_or(QString());
    case Outcome:
        return auditOutcomeName(entry.outcome);
    case Details:
        return entry.details.isEmpty()
                   ? QString()
                   : QString::fromUtf8(QJsonDocument(entry.details).toJson(QJsonDocument::Compact));
    default:
        return {};
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kHeaders[] = {"Time",    "Actor",   "Action", "Target",
                                           "Address", "Outcome", "Details"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kHeaders[section])
                                                 : QVariant();
}

} // namespace ddalab::monitor
