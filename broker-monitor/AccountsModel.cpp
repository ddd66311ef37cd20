#include "AccountsModel.h"

#include "DisplayText.h"
#include "MonitorRoles.h"

#include <QPalette>

namespace ddalab::monitor {

using namespace Qt::StringLiterals;

AccountsModel::AccountsModel(QObject *parent) : QAbstractTableModel(parent) {}

void AccountsModel::reset(const QList<protocol::AccountEntry> &accounts)
{
    beginResetModel();
    m_accounts = accounts;
    endResetModel();
}

int AccountsModel::rowOf(const QString &userId) const
{
    for (int row = 0; row < m_accounts.size(); ++row) {
        if (m_accounts.at(row).account.userId == userId)
            return row;
    }
    return -1;
}

int AccountsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_accounts.size());
}

int AccountsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AccountsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_accounts.size())
        return {};
    const protocol::AccountEntry &entry = m_accounts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(entry, index.column());
    case SortRole:
        if (index.column() == Created)
            return entry.account.createdAt;
        if (index.column() == LastLogin)
            return entry.account.lastLoginAt.value_or(QDateTime());
        if (index.column() == OpenSessions)
            return entry.openSessions;
        return displayValue(entry, index.column());
    case KeyRole:
        return entry.account.userId;
    case Qt::ForegroundRole:
        return entry.account.disabled
                   ? QVariant(QPalette().brush(QPalette::Disabled, QPalette::Text))
                   : QVariant();
    default:
        return {};
    }
}

QVariant AccountsModel::displayValue(const protocol::AccountEntry &entry, int column) const
{
    const Account &account = entry.account;
    switch (column) {
    case User:
        return account.userId;
    case State:
        return account.disabled ? u"disabled"_s : u"active"_s;
    case Created:
        return display_text::time(account.createdAt);
    case LastLogin:
        return account.lastLoginAt ? display_text::time(*account.lastLoginAt) : u"never"_s;
    case OpenSessions:
        return entry.openSessions;
    default:
        return {};
    }
}

QVariant AccountsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *const kHeaders[] = {"User", "State", "Created", "Last login",
                                           "Open sessions"};
    return section >= 0 && section < ColumnCount ? QString::fromLatin1(kHeaders[section])
                                                 : QVariant();
}

} // namespace ddalab::monitor
