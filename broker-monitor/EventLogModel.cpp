#include "EventLogModel.h"

#include "DisplayText.h"

#include <QColor>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

EventLogModel::EventLogModel(int maxEntries, QObject *parent)
    : QAbstractTableModel(parent), m_maxEntries(maxEntries)
{
}

void EventLogModel::add(const QDateTime &when, const QString &kind, const QString &detail,
                        Severity severity)
{
    if (m_entries.size() >= m_maxEntries) {
        const int last = int(m_entries.size()) - 1;
        beginRemoveRows({}, last, last);
        m_entries.removeLast();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_entries.prepend(Entry{when, kind, detail, severity});
    endInsertRows();
}

void EventLogModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

QString EventLogModel::entryText(int row) const
{
    const Entry &entry = m_entries.at(row);
    return entry.kind + u": "_s + entry.detail;
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Entry &entry = m_entries.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return display_text::time(entry.when);
        case Kind:
            return entry.kind;
        case Detail:
            return entry.detail;
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Kind) {
        switch (entry.severity) {
        case Severity::Good:
            return QColor(0x2e, 0x7d, 0x32);
        case Severity::Warning:
            return QColor(0xc6, 0x28, 0x28);
        case Severity::Info:
            return {};
        }
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kHeaders[] = {"Time", "Event", "Detail"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kHeaders[section])
                                                 : QVariant();
}

} // namespace ddalab::monitor
